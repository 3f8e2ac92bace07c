using System.Security.Cryptography;
using System.Text;
using Cronos;
using Microsoft.Extensions.Options;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// Drafts the periodic digest on the schedule in <c>NewsDigest:Digest:Schedule</c> (the period: the days before the run)
/// and announces it to the secretariat with <c>DigestDrafted</c>; publishing stays a person's decision. A run missed
/// while the service was down is made up at start (the latest one only). A period's scheduled draft has an id derived
/// from the period, so restarts and several instances never draft it twice.
/// </summary>
/// <param name="demo">With the demo data: the draft missed before start waits until the demo's developments are in.</param>
public sealed class DigestSchedule(DigestDrafter drafter, DigestStore digests, IOptions<DigestOptions> options, TimeProvider clock,
    ILogger<DigestSchedule> logger, DemoData.DemoSeeded? demo = null) : BackgroundService
{
    public const string DraftedBy = "schedule";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Schedule)) return;
        var cron = CronExpression.Parse(options.Value.Schedule);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var now = clock.GetUtcNow();
        var missed = cron.GetOccurrences(now.AddDays(-options.Value.PeriodDays - 1), now, zone, fromInclusive: true, toInclusive: true).LastOrDefault();
        if (missed != default)
        {
            if (demo is not null) await demo.WaitAsync(stoppingToken);
            await TryDraftForAsync(missed, zone, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            now = clock.GetUtcNow();
            if (cron.GetNextOccurrence(now, zone) is not { } next) return;
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await TryDraftForAsync(next, zone, stoppingToken);
        }
    }

    private async Task TryDraftForAsync(DateTimeOffset run, TimeZoneInfo zone, CancellationToken ct)
    {
        try
        {
            await DraftForAsync(run, zone, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The next run tries again; this period's draft can be asked for by hand.
            logger.LogError(e, "Drafting the digest of the run at {Run} failed", run);
        }
    }

    /// <summary>Drafts the period that ends the day before <paramref name="run"/> (in the schedule's time zone), unless it is drafted already.</summary>
    public async Task<bool> DraftForAsync(DateTimeOffset run, TimeZoneInfo zone, CancellationToken ct)
    {
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(run, zone).DateTime).AddDays(-1);
        var from = to.AddDays(1 - options.Value.PeriodDays);
        var id = PeriodId("scheduled", from, to);
        if (await digests.GetAsync(id, ct) is not null) return false;
        var draft = await drafter.DraftAsync(id, from, to, language: null, DraftedBy, ct);
        var created = await digests.CreateAsync(draft, audit: null, ct);
        if (created) logger.LogInformation("Drafted the digest of {From} to {To} with {Items} items, for the secretariat to review", $"{from:yyyy-MM-dd}", $"{to:yyyy-MM-dd}", draft.Items.Count);
        return created;
    }

    /// <summary>The same id for the same kind of draft of the same period, wherever and however often it is computed.</summary>
    public static Guid PeriodId(string kind, DateOnly from, DateOnly to) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"infohub-digest:{kind}:{from:yyyy-MM-dd}:{to:yyyy-MM-dd}")));
}
