namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The identity service's machine clients (partner coalitions' systems, the secretariat's automation, which get tokens
/// with client credentials), as the portal manages them for the signed-in secretariat.
/// </summary>
public sealed class MachineClientsApi(HttpClient http, ILogger<MachineClientsApi> logger) : HubApi(http, logger)
{
    public Task<ApiResult<List<MachineClient>>> ClientsAsync(CancellationToken ct) => GetAsync<List<MachineClient>>("api/identity/clients", ct);

    /// <summary>Creates the client; the answer holds its secret, which the identity service keeps only as a hash.</summary>
    public Task<ApiResult<CreatedClient>> CreateAsync(string? clientId, string? displayName, string? role, CancellationToken ct) =>
        SendJsonAsync<CreatedClient>(HttpMethod.Post, "api/identity/clients", new { clientId, displayName, role }, ct);

    /// <summary>Deletes the client: every service refuses its tokens within seconds.</summary>
    public Task<ApiResult<NoContent>> DeleteAsync(string clientId, CancellationToken ct) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, $"api/identity/clients/{Uri.EscapeDataString(clientId)}"), ct);
}

// The identity API's answers as the portal reads them (GET /openapi/identity.json, tag Clients).

public sealed record MachineClient(string ClientId, string? DisplayName, string Role);

public sealed record CreatedClient(string ClientId, string DisplayName, string Role, string ClientSecret);
