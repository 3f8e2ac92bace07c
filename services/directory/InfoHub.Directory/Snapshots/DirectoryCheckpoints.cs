using InfoHub.Contracts.Directory;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InfoHub.Directory.Snapshots;

public sealed class CheckpointOptions
{
    public const string Section = "Directory";

    /// <summary>How often the directory publishes <see cref="DirectoryCheckpointed"/> (when its outbox is empty).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The directory's state in brief: what <see cref="DirectoryCheckpointed"/> carries.</summary>
public sealed class DirectoryCheckpoints(
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    TimeProvider clock)
{
    public async Task<DirectoryCheckpointed> TakeAsync(CancellationToken ct)
    {
        var organizations = await store.SummarizeAsync(OrganizationStore.Collection, ct);
        var situations = await store.SummarizeAsync(SituationStore.Collection, ct);
        return new DirectoryCheckpointed
        {
            EventId = Guid.NewGuid(),
            OccurredAt = clock.GetUtcNow(),
            Organizations = new DirectoryCollectionSummary(organizations.Count, organizations.VersionSum),
            Situations = new DirectoryCollectionSummary(situations.Count, situations.VersionSum),
        };
    }
}

/// <summary>
/// Publishes a checkpoint every <see cref="CheckpointOptions.CheckpointInterval"/>, but only once the outbox has sent
/// everything: a checkpoint must never announce a state whose events are still on their way.
/// </summary>
public sealed partial class DirectoryCheckpointPublisher(
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    DirectoryCheckpoints checkpoints,
    IServiceProvider services,
    IOptions<CheckpointOptions> options,
    ILogger<DirectoryCheckpointPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                if ((await store.CountOutboxAsync(ct)).Pending > 0) continue;
                await services.GetRequiredService<IPublishEndpoint>().Publish(await checkpoints.TakeAsync(ct), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckpointFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not publish the directory's checkpoint; trying again at the next one")]
    private partial void LogCheckpointFailed(Exception exception);
}
