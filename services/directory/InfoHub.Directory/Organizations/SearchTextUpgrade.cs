using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Organizations;

/// <summary>
/// Once after an upgrade that changed how an organization's search text is derived (the labels of its vocabulary in
/// English, French and Spanish; translations stemmed in their language), every stored organization is derived again,
/// in the background after start, so that searches find organizations registered before the upgrade as they find new ones.
/// </summary>
internal sealed partial class SearchTextUpgrade(
    OrganizationStore organizations,
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    ILogger<SearchTextUpgrade> logger) : BackgroundService
{
    /// <summary>Raise it whenever <see cref="OrganizationStore"/> derives search text, facets or sort keys differently.</summary>
    internal const int Current = 2;

    internal const string MetaCollection = "directory-meta";
    private const string MetaId = "search-text";

    private sealed record Marker(int Derivation);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var stored = await store.GetAsync(MetaCollection, MetaId, stoppingToken);
            var marker = stored is null ? null : System.Text.Json.JsonSerializer.Deserialize<Marker>(stored.Json, System.Text.Json.JsonSerializerOptions.Web);
            if (marker?.Derivation >= Current) return;
            var rewritten = await organizations.RederiveSearchAsync(stoppingToken);
            var json = System.Text.Json.JsonSerializer.Serialize(new Marker(Current), System.Text.Json.JsonSerializerOptions.Web);
            await store.SaveAsync(new DocumentChange(MetaCollection, MetaId, (stored?.Version ?? 0) + 1, json, DateTimeOffset.UtcNow), [], stoppingToken);
            LogUpgraded(rewritten, Current);
        }
        catch (ConcurrencyConflictException)
        {
            // Another instance finished the same upgrade first.
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Information, "Search text of {Count} organizations derived again (derivation {Derivation})")]
    private partial void LogUpgraded(int count, int derivation);

    [LoggerMessage(LogLevel.Warning, "Deriving the organizations' search text again failed; it is tried at the next start")]
    private partial void LogFailed(Exception exception);
}
