using System.Reflection;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfoHub.Platform.CatchUp;

public sealed class CatchUpOptions
{
    /// <summary>How long the copy may stay behind a checkpoint (events on their way arrive meanwhile) before a snapshot is asked for.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The least time between two snapshot requests, so a consumer that cannot keep up does not ask again and again.</summary>
    public TimeSpan MinSnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the copy is compared with the latest checkpoint.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A collection a service keeps from the directory's events, and the directory's summary of the same records in its
/// checkpoints: only collections that follow every change and removal can be compared (their sums then match).
/// </summary>
public sealed record DirectoryCopy(string Collection, Func<DirectoryCheckpointed, DirectoryCollectionSummary> Summary);

public static class CatchUpExtensions
{
    /// <summary>
    /// Keeps <paramref name="service"/>'s copy of the directory complete (<see cref="DirectoryCatchUp"/>), keyed by the
    /// service's name, with options from <paramref name="section"/>. The service's own thin consumers of
    /// <see cref="DirectoryCheckpointed"/> and <see cref="DirectorySnapshotCompleted"/> hand them to it (one queue per service).
    /// </summary>
    /// <param name="consumers">The service's assembly: the directory events its consumers take are the ones caught up on.</param>
    public static IHostApplicationBuilder AddDirectoryCatchUp(this IHostApplicationBuilder builder, string service, string section, Assembly consumers,
        params DirectoryCopy[] copies)
    {
        builder.Services.AddOptions<CatchUpOptions>(service).BindConfiguration(section).ValidateOnStart();
        builder.Services.AddKeyedSingleton(service, (sp, _) => new DirectoryCatchUp(
            service, DirectoryCatchUp.ConsumedBy(consumers), copies, sp.GetRequiredKeyedService<IDocumentStore>(service), sp,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptionsMonitor<CatchUpOptions>>().Get(service),
            sp.GetRequiredService<ILogger<DirectoryCatchUp>>()));
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<DirectoryCatchUp>(service));
        return builder;
    }
}

/// <summary>
/// Keeps a service's copy of the directory complete, whatever happened while the service was away. It asks the directory
/// for a snapshot (republished a page at a time) when:
/// <list type="bullet">
/// <item>the manifest of event types it has caught up on, kept in its own store, lacks one its consumers take (every type
/// on a first start or after its store was lost; the types are recorded once the snapshot completes);</item>
/// <item>a copy it compares sums to less than the directory's latest checkpoint, and still does after a grace period:
/// events were lost, say with a queue that the broker dropped while the service was away.</item>
/// </list>
/// </summary>
public sealed partial class DirectoryCatchUp(
    string service,
    IReadOnlyList<string> consumedTypes,
    IReadOnlyList<DirectoryCopy> copies,
    IDocumentStore store,
    IServiceProvider services,
    TimeProvider clock,
    CatchUpOptions options,
    ILogger<DirectoryCatchUp> logger) : BackgroundService
{
    public const string ManifestCollection = "catch-up";
    private const string ManifestId = "directory";

    /// <summary>The directory events this service consumes (by its consumers' types), checkpoints and snapshots aside.</summary>
    public IReadOnlyList<string> ConsumedTypes => consumedTypes;

    public static IReadOnlyList<string> ConsumedBy(Assembly consumers) => consumers.GetTypes()
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .Where(t => t.Namespace == typeof(DirectoryCheckpointed).Namespace && t != typeof(DirectoryCheckpointed) && t != typeof(DirectorySnapshotCompleted))
        .Select(t => t.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    private readonly Lock _lock = new();
    private DirectoryCheckpointed? _checkpoint;
    private DateTimeOffset? _behindSince;

    public void OnCheckpoint(DirectoryCheckpointed checkpoint)
    {
        lock (_lock)
            if (_checkpoint is null || checkpoint.OccurredAt > _checkpoint.OccurredAt) _checkpoint = checkpoint;
    }

    /// <summary>
    /// A snapshot is complete: if it is the one asked for last (by any instance of the service: the request is recorded in
    /// the shared store), the event types consumed when it was asked for are caught up on.
    /// </summary>
    public async Task OnSnapshotCompletedAsync(DirectorySnapshotCompleted completed, CancellationToken ct)
    {
        var (manifest, version) = await ReadAsync(ct);
        if (manifest.PendingRequest != completed.RequestId) return;
        await TrySaveAsync(manifest with { Types = manifest.PendingTypes ?? manifest.Types, PendingRequest = null, PendingTypes = null, CompletedAt = completed.CompletedAt }, version, ct);
        LogCaughtUp(service, completed.RequestId, completed.Published);
    }

    /// <summary>The event types recorded as caught up on.</summary>
    public async Task<IReadOnlyList<string>> CaughtUpTypesAsync(CancellationToken ct) => (await ReadAsync(ct)).Manifest.Types;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.CheckInterval);
        do
        {
            try { await CheckAsync(ct); }
            catch (Exception e) when (e is not OperationCanceledException) { LogCheckFailed(e, service); }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>
    /// Asks for a snapshot when the copy misses directory event types (all of them on a first start, or after the store
    /// was lost), when the snapshot asked for never completed, or when a copy stays behind the latest checkpoint.
    /// </summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (manifest, _) = await ReadAsync(ct);
        if (manifest.PendingRequest is not null)
        {
            if (now - manifest.RequestedAt >= options.MinSnapshotInterval) await RequestSnapshotAsync("the last snapshot asked for never completed", ct);
            return;
        }
        var missing = consumedTypes.Except(manifest.Types, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            await RequestSnapshotAsync($"not yet caught up on {string.Join(", ", missing)}", ct);
            return;
        }

        DirectoryCheckpointed? checkpoint;
        lock (_lock) checkpoint = _checkpoint;
        if (checkpoint is null) return;
        string? behind = null;
        foreach (var copy in copies)
        {
            var (mine, theirs) = (await store.SummarizeAsync(copy.Collection, ct), copy.Summary(checkpoint));
            if (mine.Count < theirs.Count || mine.VersionSum < theirs.VersionSum)
            {
                behind = $"the copy holds {mine.Count} {copy.Collection} with versions summing to {mine.VersionSum}; the directory's checkpoint of " +
                         $"{checkpoint.OccurredAt:O} says {theirs.Count} and {theirs.VersionSum}";
                break;
            }
        }
        if (behind is null)
        {
            _behindSince = null;
            return;
        }
        _behindSince ??= now;
        if (now - _behindSince < options.Grace) return;
        _behindSince = null;
        await RequestSnapshotAsync(behind, ct);
    }

    /// <summary>
    /// Asks for a snapshot unless one was asked for less than <see cref="CatchUpOptions.MinSnapshotInterval"/> ago (by any
    /// instance: the request is recorded in the store first, and of two instances asking at once only one records it).
    /// </summary>
    private async Task RequestSnapshotAsync(string reason, CancellationToken ct)
    {
        var (manifest, version) = await ReadAsync(ct);
        var now = clock.GetUtcNow();
        if (now - manifest.RequestedAt < options.MinSnapshotInterval) return;

        var request = new DirectorySnapshotRequested { RequestId = Guid.NewGuid(), RequestedAt = now, RequestedBy = service };
        if (!await TrySaveAsync(manifest with { PendingRequest = request.RequestId, PendingTypes = consumedTypes, RequestedAt = now }, version, ct)) return;
        await services.GetRequiredService<IPublishEndpoint>().Publish(request, ct);
        LogSnapshotRequested(service, request.RequestId, reason);
    }

    private async Task<(Manifest Manifest, long Version)> ReadAsync(CancellationToken ct) =>
        await store.GetAsync(ManifestCollection, ManifestId, ct) is { } stored
            ? (JsonSerializer.Deserialize<Manifest>(stored.Json, JsonSerializerOptions.Web)!, stored.Version)
            : (new Manifest([], null, null, DateTimeOffset.MinValue, null), 0);

    /// <summary>Saves the manifest over <paramref name="version"/>; false when another instance changed it first.</summary>
    private async Task<bool> TrySaveAsync(Manifest manifest, long version, CancellationToken ct)
    {
        try
        {
            await store.SaveAsync(new DocumentChange(ManifestCollection, ManifestId, version + 1,
                JsonSerializer.Serialize(manifest, JsonSerializerOptions.Web), clock.GetUtcNow()), [], ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    /// <param name="Types">The directory event types caught up on.</param>
    /// <param name="PendingRequest">The snapshot asked for last, until it completes; then <paramref name="PendingTypes"/> become the types.</param>
    private sealed record Manifest(IReadOnlyList<string> Types, Guid? PendingRequest, IReadOnlyList<string>? PendingTypes, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

    [LoggerMessage(LogLevel.Information, "{Service} asked the directory for snapshot {RequestId}: {Reason}")]
    private partial void LogSnapshotRequested(string service, Guid requestId, string reason);

    [LoggerMessage(LogLevel.Information, "{Service} caught up on the directory with snapshot {RequestId} ({Published} events)")]
    private partial void LogCaughtUp(string service, Guid requestId, long published);

    [LoggerMessage(LogLevel.Warning, "{Service} could not compare its copy of the directory with its checkpoint yet; trying again")]
    private partial void LogCheckFailed(Exception exception, string service);
}
