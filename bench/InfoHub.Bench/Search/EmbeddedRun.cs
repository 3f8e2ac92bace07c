namespace InfoHub.Bench.Search;

/// <summary>The embedded host's resident memory (every service, its caches and search indexes) before the load and after the run.</summary>
public sealed record HostMemory(ProcessMemory? BeforeLoad, ProcessMemory? AfterRun);

/// <summary>
/// What every report on a run against the embedded host and its gateway starts with: when, in which mode and from which
/// seed, on what machine under what load, the gateway's settings, the directory's load and the host's memory.
/// </summary>
public sealed record EmbeddedRun(DateTimeOffset MeasuredAt, string Mode, int Seed, MachineInfo Machine, string GatewaySettings, LoadResults Load, HostMemory Memory)
{
    /// <summary>The run as it ends: its time, the load average and the host's memory now.</summary>
    public static EmbeddedRun Ending(string mode, string? loadAtStart, EmbeddedWithGateway hub, LoadedDirectory directory) =>
        new(DateTimeOffset.UtcNow, mode, directory.Size.Seed, MachineInfo.AtEnd(loadAtStart), EmbeddedWithGateway.GatewaySettings, directory.Load,
            new HostMemory(directory.MemoryBeforeLoad, MachineInfo.Memory(hub.Embedded.Pid)));

    /// <summary>A report's first lines: <paramref name="bench"/> and this run, the machine and its load, the gateway, the directory's load.</summary>
    public string Heading(string bench, double firstSearchMs) =>
        Machine.Heading($"{bench} ({Mode}, seed {Seed}), embedded host + gateway", MeasuredAt)
        + $"Gateway rate limit lifted for the bench: {GatewaySettings}.{Environment.NewLine}{Environment.NewLine}"
        + Load.ToLines(firstSearchMs);
}
