using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using InfoHub.Platform.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfoHub.Platform.Audit;

/// <summary>Bound from <c>Audit</c>: how long a service keeps its audit log, and where entries go before they are deleted.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Entries older than this many days are exported, then deleted; 0 keeps every entry.</summary>
    [Range(0, 36_500)] public int RetentionDays { get; set; } = 365;

    /// <summary>Where the export files go (JSON Lines, one per service and sweep); default: <c>audit-exports</c> in the data directory.</summary>
    public string? ExportDirectory { get; set; }

    /// <summary>How often retention runs (and once at start).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// Retention of one service's audit log: entries past <see cref="AuditOptions.RetentionDays"/> are written to an export
/// file (flushed to disk) and only then deleted. Instances of a service sharing a store take turns through a lease.
/// </summary>
internal sealed partial class AuditRetention(
    IDocumentStore store,
    IOptions<AuditOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<AuditRetention> logger) : BackgroundService
{
    private const string LeaseName = "audit-retention";
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays == 0) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(clock.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(store.Service, e);
            }
            await Task.Delay(settings.SweepInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Exports then deletes the entries older than <paramref name="cutoff"/>; the export file, or null when there were none.</summary>
    internal async Task<string?> SweepAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        if (!await store.TryHoldLeaseAsync(LeaseName, _holder, TimeSpan.FromMinutes(30), ct)) return null;
        try
        {
            var first = await store.ReadAuditAsync(new AuditQuery(To: cutoff, Limit: 1), ct);
            if (first.Items.Count == 0) return null;

            var directory = options.Value.ExportDirectory ?? Path.Combine(storage.Value.DataDirectory, "audit-exports");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{store.Service}-audit-before-{cutoff.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.jsonl");
            var partial = path + ".partial";
            long count = 0;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            await using (var writer = new StreamWriter(file, new UTF8Encoding(false)))
            {
                string? after = null;
                do
                {
                    var page = await store.ReadAuditAsync(new AuditQuery(To: cutoff, After: after, Limit: AuditQuery.MaxLimit), ct);
                    foreach (var entry in page.Items) await writer.WriteLineAsync(entry.Json);
                    count += page.Items.Count;
                    after = page.Next;
                } while (after is not null);
                await writer.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            // The file is whole before anything is deleted; a sweep interrupted before this point leaves only a .partial file.
            File.Move(partial, path, overwrite: true);
            var deleted = await store.DeleteAuditBeforeAsync(cutoff, ct);
            LogSwept(store.Service, count, deleted, path);
            return path;
        }
        finally
        {
            await store.TryHoldLeaseAsync(LeaseName, _holder, TimeSpan.Zero, CancellationToken.None);
        }
    }

    [LoggerMessage(LogLevel.Information, "Audit retention of {Service}: exported {Exported} entries, deleted {Deleted}, to {Path}")]
    private partial void LogSwept(string service, long exported, long deleted, string path);

    [LoggerMessage(LogLevel.Warning, "Audit retention of {Service} failed; it runs again at the next sweep")]
    private partial void LogSweepFailed(string service, Exception exception);
}
