using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Identity.Organizations;

/// <summary>
/// When identity holds no organization yet (a new deployment, or one that ran before identity followed the directory),
/// it asks the directory to republish its state; the directory's usual events then fill the copy.
/// </summary>
internal sealed partial class DirectoryCatchUp(IServiceScopeFactory scopes, DirectoryOrganizations organizations, TimeProvider time, ILogger<DirectoryCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10 && await organizations.IsEmptyAsync(ct); attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(
                    new DirectorySnapshotRequested { RequestId = Guid.NewGuid(), RequestedAt = time.GetUtcNow(), RequestedBy = IdentityExtensions.Service }, timeout.Token);
                LogRequested();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogNotRequested(e.Message);
            }
            await Task.Delay(TimeSpan.FromMinutes(1), time, ct);
        }
    }

    [LoggerMessage(LogLevel.Information, "Identity knows no organization yet: asked the directory for a snapshot")]
    private partial void LogRequested();

    [LoggerMessage(LogLevel.Warning, "Could not ask the directory for a snapshot yet: {Reason}")]
    private partial void LogNotRequested(string reason);
}
