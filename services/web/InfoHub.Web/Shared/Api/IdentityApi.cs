namespace InfoHub.Web.Shared.Api;

/// <summary>The identity service's account management API (the secretariat's), as the portal calls it for the signed-in person.</summary>
public sealed class IdentityApi(HttpClient http, ILogger<IdentityApi> logger) : HubApi(http, logger)
{
    public Task<ApiResult<List<AccountSummary>>> AccountsAsync(CancellationToken ct) => GetAsync<List<AccountSummary>>("api/identity/accounts", ct);

    /// <summary>Creates the account without a password; the answer's one-time link is where the person sets theirs.</summary>
    public Task<ApiResult<Invitation>> InviteAsync(string? email, string? displayName, string? role, Guid? organizationId, CancellationToken ct) =>
        SendJsonAsync<Invitation>(HttpMethod.Post, "api/identity/invitations", new { email, displayName, role, organizationId }, ct);

    public Task<ApiResult<NoContent>> RevokeInvitationAsync(Guid account, CancellationToken ct) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, $"api/identity/invitations/{account}"), ct);

    public Task<ApiResult<AccountSummary>> DisableAsync(Guid account, CancellationToken ct) =>
        SendAsync<AccountSummary>(new HttpRequestMessage(HttpMethod.Post, $"api/identity/accounts/{account}/disable"), ct);

    public Task<ApiResult<AccountSummary>> EnableAsync(Guid account, CancellationToken ct) =>
        SendAsync<AccountSummary>(new HttpRequestMessage(HttpMethod.Post, $"api/identity/accounts/{account}/enable"), ct);
}

// The identity API's answers as the portal reads them (GET /openapi/identity.json).

public sealed record AccountSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganizationId,
    bool InvitationPending, bool LockedOut, bool TwoFactor, bool Disabled, bool PasswordChangeRequired);

public sealed record Invitation(Guid AccountId, string Email, string Role, Guid? OrganizationId, string InvitationUrl);
