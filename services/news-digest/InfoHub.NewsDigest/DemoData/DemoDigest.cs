using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.Digests;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.DemoData;

/// <summary>
/// One draft digest of the last seven days for the demo, drafted once the other demo content (developments, meetings,
/// resolutions, and the directory's demo organizations as network news) has arrived; marked as demo.
/// </summary>
public sealed class DemoDigest(DigestDrafter drafter, DigestStore digests, DevelopmentStore developments, TimeProvider clock,
    ILogger<DemoDigest> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = to.AddDays(-6);
        var id = DigestSchedule.PeriodId("demo", from, to);
        if (await digests.GetAsync(id, stoppingToken) is not null) return;
        // The demo developments are seeded beside this; the directory's events arrive over the bus. Give them a little time.
        for (var wait = 0; wait < 60 && (await developments.SearchAsync(new SearchQuery(null, 1), stoppingToken)).Total == 0; wait++)
            await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
        await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
        var draft = await drafter.DraftAsync(id, from, to, language: null, "demo", stoppingToken, demo: true);
        draft = draft with { Introduction = "[Demo data] A draft for the secretariat to edit, reorder, preview and publish." };
        if (await digests.CreateAsync(draft, audit: null, stoppingToken))
            logger.LogInformation("Drafted a demo digest of {From} to {To} with {Items} items", $"{from:yyyy-MM-dd}", $"{to:yyyy-MM-dd}", draft.Items.Count);
    }
}
