using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace InfoHub.Web.Shared.SignIn;

/// <summary>
/// Keeps a portal session's access token fresh: when it has less than <see cref="Margin"/> left, the refresh token
/// buys a new pair from the provider's token endpoint before the page calls any API. When the provider refuses (the
/// account was disabled, the refresh token expired or was revoked) the session ends, and the next page that needs it
/// asks the person to sign in again.
/// </summary>
public sealed partial class TokenRefresh(IOptionsMonitor<OpenIdConnectOptions> providers, TimeProvider clock, ILogger<TokenRefresh> logger)
{
    /// <summary>Refresh this long before expiry: a page's API calls then never carry a token that expires on the way.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    // The provider rotates refresh tokens: a page and its parallel requests must spend one only once. Requests that
    // arrive with a refresh token already being spent wait for that exchange and share its result.
    private readonly ConcurrentDictionary<string, Lazy<Task<Exchange>>> _exchanges = new(StringComparer.Ordinal);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt))
            return;
        if (expiresAt - clock.GetUtcNow() > Margin) return;

        var refreshToken = properties.GetTokenValue("refresh_token");
        var fresh = refreshToken is null ? Exchange.Denied : await ExchangeAsync(refreshToken, context.HttpContext.RequestAborted);
        if (fresh.Tokens is null)
        {
            // A provider that does not answer just now costs nothing while the token still holds; a refusal ends the session.
            if (!fresh.Refused && expiresAt > clock.GetUtcNow()) return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalSignIn.CookieScheme);
            return;
        }
        var tokens = fresh.Tokens;
        properties.UpdateTokenValue("access_token", tokens.AccessToken);
        properties.UpdateTokenValue("expires_at", tokens.ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
        if (tokens.RefreshToken is not null) properties.UpdateTokenValue("refresh_token", tokens.RefreshToken);
        if (tokens.IdToken is not null) properties.UpdateTokenValue("id_token", tokens.IdToken);
        context.ShouldRenew = true;
    }

    private async Task<Exchange> ExchangeAsync(string refreshToken, CancellationToken ct)
    {
        var exchange = _exchanges.GetOrAdd(refreshToken, token => new Lazy<Task<Exchange>>(() => RedeemAsync(token)));
        try
        {
            return await exchange.Value.WaitAsync(ct);
        }
        finally
        {
            // Kept a little while for requests that read the session before the new tokens were stored, then dropped.
            _ = Task.Delay(TimeSpan.FromSeconds(30), clock).ContinueWith(_ => _exchanges.TryRemove(KeyValuePair.Create(refreshToken, exchange)), TaskScheduler.Default);
        }
    }

    private async Task<Exchange> RedeemAsync(string refreshToken)
    {
        var provider = providers.Get(PortalSignIn.ProviderScheme);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var configuration = await provider.ConfigurationManager!.GetConfigurationAsync(timeout.Token);
            using var response = await provider.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = provider.ClientId!,
                ["refresh_token"] = refreshToken,
            }), timeout.Token);
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            var json = body.RootElement;
            if (!response.IsSuccessStatusCode || !json.TryGetProperty("access_token", out var access))
            {
                LogRefused(logger, (int)response.StatusCode, json.TryGetProperty("error_description", out var why) ? why.GetString() : null);
                // A 5xx is the provider failing, not refusing: try again on the next page.
                return (int)response.StatusCode >= 500 ? Exchange.Unanswered : Exchange.Denied;
            }
            var lifetime = json.TryGetProperty("expires_in", out var seconds) ? TimeSpan.FromSeconds(seconds.GetInt32()) : TimeSpan.FromMinutes(5);
            return new Exchange(new Tokens(access.GetString()!, clock.GetUtcNow() + lifetime,
                json.TryGetProperty("refresh_token", out var next) ? next.GetString() : null,
                json.TryGetProperty("id_token", out var id) ? id.GetString() : null), Refused: false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            LogUnanswered(logger, e.Message);
            return Exchange.Unanswered;
        }
    }

    private sealed record Tokens(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken, string? IdToken);

    /// <summary>New tokens; or none, because the provider refused (the session ends) or did not answer (it may hold a while).</summary>
    private sealed record Exchange(Tokens? Tokens, bool Refused)
    {
        public static readonly Exchange Denied = new(null, Refused: true);
        public static readonly Exchange Unanswered = new(null, Refused: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The provider did not refresh a portal session ({Status}: {Reason})")]
    private static partial void LogRefused(ILogger logger, int status, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider did not answer a portal session's refresh ({Reason})")]
    private static partial void LogUnanswered(ILogger logger, string reason);
}
