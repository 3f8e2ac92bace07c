using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfoHub.Platform.Security;

/// <summary>
/// Reads the identity service's list of revocations still in force (<c>GET /api/identity/revocations</c>, through the
/// issuer's address) when the process starts and then every <see cref="AuthOptions.RevocationPollInterval"/>: what a
/// process without a bus (the gateway) has, and what every other process falls back on after a restart or a missed
/// event. Not started where the identity service runs in the same process (it feeds <see cref="RevokedSubjects"/> itself).
/// </summary>
internal sealed partial class RevocationFeed(
    IHttpClientFactory clients,
    RevokedSubjects revoked,
    IOptions<AuthOptions> auth,
    IServiceProvider services,
    ILogger<RevocationFeed> logger) : BackgroundService
{
    public const string ClientName = "infohub-revocations";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The identity service in this process feeds the revocations itself.
        if (services.GetService(typeof(ILocalTokenIssuer)) is not null) return;
        var address = auth.Value.RevocationsAddressOrDefault;
        if (address is null) return;
        var interval = auth.Value.RevocationPollInterval;
        var warned = false;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                using var http = clients.CreateClient(ClientName);
                using var response = await http.GetAsync(address, stoppingToken);
                if (response.StatusCode == HttpStatusCode.NotFound && !warned)
                {
                    // An external provider has no such list; tokens then live until they expire.
                    LogNoList(address);
                    warned = true;
                }
                response.EnsureSuccessStatusCode();
                var list = await response.Content.ReadFromJsonAsync<List<SubjectRevocation>>(JsonSerializerOptions.Web, stoppingToken) ?? [];
                foreach (var revocation in list) revoked.Revoke(revocation.Subject, revocation.RevokedAt);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException or NotSupportedException)
            {
                LogUnreachable(address, e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(LogLevel.Warning, "No revocation list at {Address}: revoked tokens are refused only once they expire")]
    private partial void LogNoList(Uri address);

    [LoggerMessage(LogLevel.Debug, "Revocation list at {Address} not read: {Reason}")]
    private partial void LogUnreachable(Uri address, string reason);
}
