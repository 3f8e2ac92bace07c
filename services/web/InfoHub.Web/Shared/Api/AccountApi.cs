namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The signed-in person's own account at the identity service (<c>/api/identity/me</c>): who they are, their
/// password, their second factor and their language.
/// </summary>
public sealed class AccountApi(HttpClient http, ILogger<AccountApi> logger) : HubApi(http, logger)
{
    private const string Me = "api/identity/me";

    public Task<ApiResult<OwnAccount>> ReadAsync(CancellationToken ct) => GetAsync<OwnAccount>(Me, ct);

    public Task<ApiResult<NoContent>> ChangePasswordAsync(string? currentPassword, string? newPassword, CancellationToken ct) =>
        SendJsonAsync<NoContent>(HttpMethod.Post, $"{Me}/password", new { currentPassword, newPassword }, ct);

    /// <summary>Whether the second factor is on; when off, the key to add to an authenticator app.</summary>
    public Task<ApiResult<SecondFactorState>> SecondFactorAsync(CancellationToken ct) => GetAsync<SecondFactorState>($"{Me}/two-factor", ct);

    /// <summary>Turns the second factor on with the app's current code; the account's password confirms it is its owner asking.</summary>
    public Task<ApiResult<RecoveryCodesIssued>> TurnOnSecondFactorAsync(string? code, string? currentPassword, CancellationToken ct) =>
        SendJsonAsync<RecoveryCodesIssued>(HttpMethod.Post, $"{Me}/two-factor", new { code, currentPassword }, ct);

    public Task<ApiResult<NoContent>> TurnOffSecondFactorAsync(string? code, CancellationToken ct) =>
        SendJsonAsync<NoContent>(HttpMethod.Post, $"{Me}/two-factor/disable", new { code }, ct);

    public Task<ApiResult<OwnAccount>> SetLanguageAsync(string language, CancellationToken ct) =>
        SendJsonAsync<OwnAccount>(HttpMethod.Put, $"{Me}/language", new { language }, ct);
}

// The identity API's answers as the portal reads them (GET /openapi/identity.json, "Your account").

public sealed record OwnAccount(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganizationId, bool TwoFactor, string? Language);

public sealed record SecondFactorState(bool Enabled, string? Key, string? AuthenticatorUri, int RecoveryCodesLeft);

public sealed record RecoveryCodesIssued(IReadOnlyList<string> RecoveryCodes);
