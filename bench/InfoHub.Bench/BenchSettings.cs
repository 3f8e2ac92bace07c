namespace InfoHub.Bench;

/// <summary>How much work each phase does; <c>--quick</c> is a smoke run, the default a measurement.</summary>
public sealed record BenchSettings
{
    public required string Mode { get; init; }

    public required int RawLatencyWarmup { get; init; }
    public required int RawLatencySamples { get; init; }
    public required int RawThroughputWarmup { get; init; }
    public required int RawThroughputMessages { get; init; }
    public int RawInFlight { get; init; } = 32;

    public required int HubLatencyWarmup { get; init; }
    public required int HubLatencySamples { get; init; }
    public required int HubOrganizations { get; init; }
    public required int HubUpdates { get; init; }
    public int HubInFlight { get; init; } = 16;

    /// <summary>Sample the directory's outbox backlog and the contacts queue depth during the throughput phase.</summary>
    public bool Trace { get; init; }

    public static BenchSettings Full { get; } = new()
    {
        Mode = "full",
        RawLatencyWarmup = 200, RawLatencySamples = 2_000,
        RawThroughputWarmup = 2_000, RawThroughputMessages = 20_000,
        HubLatencyWarmup = 50, HubLatencySamples = 500,
        HubOrganizations = 200, HubUpdates = 5_000,
    };

    public static BenchSettings Quick { get; } = new()
    {
        Mode = "quick",
        RawLatencyWarmup = 20, RawLatencySamples = 100,
        RawThroughputWarmup = 200, RawThroughputMessages = 2_000,
        HubLatencyWarmup = 5, HubLatencySamples = 30,
        HubOrganizations = 20, HubUpdates = 300,
    };

    public static BenchSettings FromArgs(string[] args)
    {
        var unknown = args.Where(a => a is not ("--quick" or "--trace")).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown argument(s): {string.Join(' ', unknown)}. Usage: [--quick] [--trace]");
        var settings = args.Contains("--quick") ? Quick : Full;
        return settings with { Trace = args.Contains("--trace") };
    }
}
