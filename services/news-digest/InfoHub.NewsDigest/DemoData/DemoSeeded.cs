namespace InfoHub.NewsDigest.DemoData;

/// <summary>
/// Done once the demo developments are in (or found there already): what drafts a digest at start waits for, so that a
/// demo's first digests hold the demo's content rather than nothing. Registered only with the demo data.
/// </summary>
public sealed class DemoSeeded
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync(CancellationToken ct) => _done.Task.WaitAsync(ct);

    public void Complete() => _done.TrySetResult();
}
