using System.Diagnostics;

namespace InfoHub.Bench;

/// <summary>Latency samples in milliseconds, summarised by nearest-rank percentiles.</summary>
public sealed record LatencySummary(int Samples, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => $"p50 {P50Ms:F2} ms, p90 {P90Ms:F2} ms, p99 {P99Ms:F2} ms, max {MaxMs:F2} ms (n={Samples})";
}

public static class Clock
{
    public static double MillisecondsBetween(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;

    public static double MillisecondsSince(long start) => MillisecondsBetween(start, Stopwatch.GetTimestamp());
}

public static class Concurrently
{
    /// <summary>Runs <paramref name="work"/> for 0..count-1 with at most <paramref name="inFlight"/> calls outstanding.</summary>
    public static async Task RunAsync(int count, int inFlight, Func<int, CancellationToken, Task> work, CancellationToken ct)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(inFlight, count)).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                ct.ThrowIfCancellationRequested();
                await work(i, ct);
            }
        });
        await Task.WhenAll(workers);
    }
}
