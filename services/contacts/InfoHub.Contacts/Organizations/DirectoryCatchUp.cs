using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InfoHub.Contacts.Organizations;

public sealed class CatchUpOptions
{
    public const string Section = "Contacts:CatchUp";

    /// <summary>How long the copy may stay behind a checkpoint (events on their way arrive meanwhile) before a snapshot is asked for.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The least time between two snapshot requests, so a consumer that cannot keep up does not ask again and again.</summary>
    public TimeSpan MinSnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the copy is compared with the latest checkpoint.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Keeps contacts' copy of the directory complete, whatever happened while contacts was away. It asks the directory for a
/// snapshot (republished a page at a time) when:
/// <list type="bullet">
/// <item>it starts with an empty copy, or consumes a directory event it did not consume before: the manifest of event types
/// it has caught up on, kept in its own store, lacks one (recorded once the snapshot is complete);</item>
/// <item>its copy sums to less than the directory's latest checkpoint, and still does after a grace period: events were
/// lost, say with a queue that the broker dropped while contacts was away.</item>
/// </list>
/// </summary>
public sealed partial class DirectoryCatchUp(
    [FromKeyedServices(ContactsExtensions.Service)] IDocumentStore store,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<CatchUpOptions> options,
    ILogger<DirectoryCatchUp> logger) : BackgroundService
{
    public const string ManifestCollection = "catch-up";
    private const string ManifestId = "directory";

    /// <summary>The directory events this service consumes (by its consumers' types), checkpoints and snapshots aside.</summary>
    public static readonly IReadOnlyList<string> ConsumedTypes = typeof(DirectoryCatchUp).Assembly.GetTypes()
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .Where(t => t.Namespace == typeof(OrganizationUpdated).Namespace && t != typeof(DirectoryCheckpointed) && t != typeof(DirectorySnapshotCompleted))
        .Select(t => t.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    private readonly Lock _lock = new();
    private DirectoryCheckpointed? _checkpoint;
    private DateTimeOffset? _behindSince;
    private Guid? _pendingRequest;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    public void OnCheckpoint(DirectoryCheckpointed checkpoint)
    {
        lock (_lock)
            if (_checkpoint is null || checkpoint.OccurredAt > _checkpoint.OccurredAt) _checkpoint = checkpoint;
    }

    /// <summary>The snapshot this service asked for is complete: the event types it consumes now are caught up on.</summary>
    public async Task OnSnapshotCompletedAsync(DirectorySnapshotCompleted completed, CancellationToken ct)
    {
        lock (_lock)
        {
            if (completed.RequestId != _pendingRequest) return;
            _pendingRequest = null;
        }
        var stored = await store.GetAsync(ManifestCollection, ManifestId, ct);
        await store.SaveAsync(new DocumentChange(ManifestCollection, ManifestId, (stored?.Version ?? 0) + 1,
            JsonSerializer.Serialize(new Manifest(ConsumedTypes, completed.RequestId, completed.CompletedAt), JsonSerializerOptions.Web), clock.GetUtcNow()), [], ct);
        LogCaughtUp(completed.RequestId, completed.Published);
    }

    /// <summary>The event types recorded as caught up on.</summary>
    public async Task<IReadOnlyList<string>> CaughtUpTypesAsync(CancellationToken ct) =>
        await store.GetAsync(ManifestCollection, ManifestId, ct) is { } stored
            ? JsonSerializer.Deserialize<Manifest>(stored.Json, JsonSerializerOptions.Web)!.Types
            : [];

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.CheckInterval);
        var started = false;
        do
        {
            try
            {
                if (!started) started = await CheckOnStartAsync(ct);
                else await CheckAsync(settings, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(e);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>An empty copy, or a directory event consumed now that was not before: ask for a snapshot.</summary>
    public async Task<bool> CheckOnStartAsync(CancellationToken ct)
    {
        var missing = ConsumedTypes.Except(await CaughtUpTypesAsync(ct), StringComparer.Ordinal).ToList();
        var empty = (await store.SummarizeAsync(OrganizationReplicas.Collection, ct)).Count == 0;
        if (empty || missing.Count > 0)
            await RequestSnapshotAsync(empty ? "the copy of the directory is empty" : $"not yet caught up on {string.Join(", ", missing)}", ct);
        return true;
    }

    private async Task CheckAsync(CatchUpOptions settings, CancellationToken ct)
    {
        DirectoryCheckpointed? checkpoint;
        lock (_lock) checkpoint = _checkpoint;
        var now = clock.GetUtcNow();
        if (_pendingRequest is not null && now - _lastRequest >= settings.MinSnapshotInterval)
        {
            await RequestSnapshotAsync("the last snapshot asked for never completed", ct);
            return;
        }
        if (checkpoint is null) return;

        var mine = await store.SummarizeAsync(OrganizationReplicas.Collection, ct);
        if (mine.Count >= checkpoint.Organizations.Count && mine.VersionSum >= checkpoint.Organizations.VersionSum)
        {
            _behindSince = null;
            return;
        }
        _behindSince ??= now;
        if (now - _behindSince < settings.Grace || now - _lastRequest < settings.MinSnapshotInterval) return;
        _behindSince = null;
        await RequestSnapshotAsync(
            $"the copy holds {mine.Count} organizations with versions summing to {mine.VersionSum}; the directory's checkpoint of " +
            $"{checkpoint.OccurredAt:O} says {checkpoint.Organizations.Count} and {checkpoint.Organizations.VersionSum}", ct);
    }

    private async Task RequestSnapshotAsync(string reason, CancellationToken ct)
    {
        var request = new DirectorySnapshotRequested { RequestId = Guid.NewGuid(), RequestedAt = clock.GetUtcNow(), RequestedBy = ContactsExtensions.Service };
        lock (_lock)
        {
            _pendingRequest = request.RequestId;
            _lastRequest = request.RequestedAt;
        }
        await services.GetRequiredService<IPublishEndpoint>().Publish(request, ct);
        LogSnapshotRequested(request.RequestId, reason);
    }

    private sealed record Manifest(IReadOnlyList<string> Types, Guid RequestId, DateTimeOffset CompletedAt);

    [LoggerMessage(LogLevel.Information, "Asked the directory for snapshot {RequestId}: {Reason}")]
    private partial void LogSnapshotRequested(Guid requestId, string reason);

    [LoggerMessage(LogLevel.Information, "Caught up on the directory with snapshot {RequestId} ({Published} events)")]
    private partial void LogCaughtUp(Guid requestId, long published);

    [LoggerMessage(LogLevel.Warning, "Could not compare the copy of the directory with its checkpoint yet; trying again")]
    private partial void LogCheckFailed(Exception exception);
}
