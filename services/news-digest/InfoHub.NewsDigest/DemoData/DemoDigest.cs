using InfoHub.NewsDigest.Digests;

namespace InfoHub.NewsDigest.DemoData;

/// <summary>
/// One draft digest of the last seven days for the demo, drafted once the other demo content (developments, meetings,
/// resolutions, and the directory's demo organizations as network news) has arrived; marked as demo.
/// </summary>
public sealed class DemoDigest(DigestDrafter drafter, DigestStore digests, DemoSeeded seeded, TimeProvider clock,
    ILogger<DemoDigest> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = to.AddDays(-6);
        var id = DigestSchedule.PeriodId("demo", from, to);
        if (await digests.GetAsync(id, stoppingToken) is not null) return;
        // The demo developments are seeded beside this; the directory's events arrive over the bus: give them a little time more.
        await seeded.WaitAsync(stoppingToken);
        await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
        var draft = await drafter.DraftAsync(id, from, to, language: null, "demo", stoppingToken, demo: true);
        draft = draft with { Introduction = "[Demo data] A draft for the secretariat to edit, reorder, preview and publish." };
        if (await digests.CreateAsync(draft, audit: null, stoppingToken))
            logger.LogInformation("Drafted a demo digest of {From} to {To} with {Items} items", $"{from:yyyy-MM-dd}", $"{to:yyyy-MM-dd}", draft.Items.Count);
    }
}
