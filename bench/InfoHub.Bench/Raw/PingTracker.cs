using System.Collections.Concurrent;
using System.Diagnostics;

namespace InfoHub.Bench.Raw;

/// <summary>Records when each ping of this run is consumed, as a Stopwatch timestamp taken inside the consumer.</summary>
public sealed class PingTracker(Guid run)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _awaited = new();
    private long _consumed;
    private long _target = long.MaxValue;
    private TaskCompletionSource<long> _reached = NewSource();

    public Guid Run { get; } = run;

    /// <summary>Completes with the timestamp at which ping <paramref name="sequence"/> was consumed. Call before publishing it.</summary>
    public Task<long> Consumed(long sequence) => _awaited.GetOrAdd(sequence, _ => NewSource()).Task;

    /// <summary>Starts counting afresh; the task completes with the timestamp of the <paramref name="count"/>th consumption.</summary>
    public Task<long> CountFromZero(long count)
    {
        _reached = NewSource();
        Interlocked.Exchange(ref _consumed, 0);
        Volatile.Write(ref _target, count);
        return _reached.Task;
    }

    public void Observe(BenchPing ping)
    {
        var now = Stopwatch.GetTimestamp();
        if (ping.Run != Run) return;
        if (_awaited.TryRemove(ping.Sequence, out var source)) source.TrySetResult(now);
        if (Interlocked.Increment(ref _consumed) == Volatile.Read(ref _target)) _reached.TrySetResult(now);
    }

    private static TaskCompletionSource<long> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
