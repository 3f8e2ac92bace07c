using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using InfoHub.Bench.Hub;
using InfoHub.Bench.Raw;

namespace InfoHub.Bench;

/// <param name="Ratio">The measured figure: a ratio, or milliseconds for <see cref="Unit"/> "ms".</param>
/// <param name="AtMost">True when the figure must stay at or below <paramref name="Limit"/>, false when it must reach it.</param>
public sealed record Target(string Description, double Ratio, double Limit, string Unit, bool AtMost)
{
    public bool Met => AtMost ? Ratio <= Limit : Ratio >= Limit;
}

/// <summary>
/// Resident memory: in all, the process's own (heap, stacks: <paramref name="AnonymousBytes"/>), pages of files it
/// maps (<paramref name="FileBytes"/>: code, and SQLite's memory-mapped database pages, which the kernel can drop and
/// re-read), and shared memory (<paramref name="SharedBytes"/>: .NET's double-mapped executable code, SQLite's WAL index).
/// </summary>
public sealed record ProcessMemory(long ResidentBytes, long AnonymousBytes, long FileBytes, long SharedBytes);

/// <summary>The load averages (Linux) before the bench started anything and after it finished: other work on the machine skews every figure.</summary>
public sealed record MachineInfo(int Cores, string Os, string Runtime, string? LoadAtStart, string? LoadAtEnd)
{
    public static string? LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>A process's resident memory (Linux: /proc/PID/status), or null where that cannot be read.</summary>
    public static ProcessMemory? Memory(int pid)
    {
        try
        {
            var fields = File.ReadLines($"/proc/{pid}/status")
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1].Trim());
            long Bytes(string name) => fields.TryGetValue(name, out var value)
                ? long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024
                : 0;
            return new ProcessMemory(Bytes("VmRSS"), Bytes("RssAnon"), Bytes("RssFile"), Bytes("RssShmem"));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>True when the one-minute load before the start already exceeded the cores: someone else was busy.</summary>
    public bool Busy => LoadAtStart is { } load
                        && double.TryParse(load.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var oneMinute)
                        && oneMinute > Cores;

    /// <summary>This machine now, with the load average <paramref name="loadAtStart"/> read when the bench started.</summary>
    public static MachineInfo AtEnd(string? loadAtStart) =>
        new(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, loadAtStart, LoadAverage());

    /// <summary>
    /// A report's first lines: its <paramref name="title"/>, when, on how many cores and which runtime; the load average
    /// before and after, and a warning when the machine was busy before the start.
    /// </summary>
    public string Heading(string title, DateTimeOffset measuredAt) => string.Create(CultureInfo.InvariantCulture,
        $"{title}, {measuredAt:u}, {Cores} cores, {Runtime}{Environment.NewLine}Load average before / after: {LoadAtStart ?? "n/a"} / {LoadAtEnd ?? "n/a"}{Environment.NewLine}")
        + (Busy ? string.Create(CultureInfo.InvariantCulture, $"WARNING: the machine was already busy (1-minute load above {Cores}) when the bench started; the figures are skewed.{Environment.NewLine}") : "");
}

/// <summary>Everything one run measured, as printed and as written to <c>bench/results/latest.json</c>.</summary>
public sealed record BenchReport(
    DateTimeOffset MeasuredAt,
    string Mode,
    string Broker,
    MachineInfo Machine,
    RawResults Raw,
    HubResults InfoHub,
    IReadOnlyList<Target> Targets)
{
    public static BenchReport Create(BenchSettings settings, Uri broker, string? loadAtStart, RawResults raw, HubResults hub)
    {
        var latency = hub.Latency;
        var throughput = hub.Throughput;
        // Issue #10: the write path's figures, each against a baseline measured in this run.
        var acknowledgedRatio = latency.PutAcknowledged.P50Ms / latency.ProxiedGet.P50Ms;
        var afterAcknowledged = latency.ViaGateway.P50Ms - latency.PutAcknowledged.P50Ms;
        var throughputRatio = throughput.UpdatesPerSecond / raw.MessagesPerSecond;
        var lost = throughput.Updates - throughput.Succeeded;
        return new BenchReport(
            DateTimeOffset.UtcNow, settings.Mode,
            $"{broker.Host}:{RawMassTransitBench.Port(broker)}", // no credentials in the results file
            new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
                loadAtStart, MachineInfo.LoadAverage()),
            raw, hub,
            [
                new Target("PUT acknowledged p50 / proxied GET p50", acknowledgedRatio, 3.0, "x", AtMost: true),
                new Target("propagation p50 - PUT acknowledged p50", afterAcknowledged, 3.0, "ms", AtMost: true),
                new Target("InfoHub upd/s / raw msg/s", throughputRatio, 0.35, "", AtMost: false),
                // Every organization reached its final version in contacts (or the run failed); an update refused is one not made.
                new Target("updates refused or failed", lost, 0, "", AtMost: true),
            ]);
    }

    public string ToTable()
    {
        var latency = InfoHub.Latency;
        var throughput = InfoHub.Throughput;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"InfoHub bench ({Mode}), {MeasuredAt:u}, broker {Broker}, {Machine.Cores} cores, {Machine.Runtime}"));
        text.AppendLine(Invariant($"Load average before / after: {Machine.LoadAtStart ?? "n/a"} / {Machine.LoadAtEnd ?? "n/a"}"));
        if (Machine.Busy)
        {
            text.AppendLine(Invariant($"WARNING: the machine was already busy (1-minute load above {Machine.Cores}) when the bench started; the figures are skewed."));
        }
        text.AppendLine();
        text.AppendLine(Invariant($"{"",-46}{"p50 ms",10}{"p99 ms",10}{"per second",16}"));
        text.AppendLine(Row("Raw MassTransit publish -> consume", Raw.Latency, $"{Raw.MessagesPerSecond:F0} msg/s"));
        text.AppendLine(Row("Proxied GET baseline (gateway)", latency.ProxiedGet, ""));
        text.AppendLine(Row("  same GET on the directory's port", latency.DirectGet, ""));
        text.AppendLine(Row("InfoHub PUT -> contacts holds it (gateway) *", latency.ViaGateway, $"{throughput.UpdatesPerSecond:F0} upd/s"));
        text.AppendLine(Row("  then a GET through the gateway shows it", latency.ViaGatewayRead, ""));
        text.AppendLine(Row("InfoHub PUT -> contacts holds it (own ports)", latency.ContactsDirect, ""));
        text.AppendLine(Row("  then a GET on contacts' port shows it", latency.ContactsDirectRead, ""));
        text.AppendLine(Row("  of which: PUT acknowledged via gateway", latency.PutAcknowledged, ""));
        text.AppendLine(Row("  PUT acknowledged on the directory's port", latency.PutAcknowledgedDirect, ""));
        text.AppendLine();
        text.AppendLine(Invariant($"{"Target (issue #10)",-46}{"figure",10}{"limit",10}{"result",16}"));
        foreach (var target in Targets) text.AppendLine(TargetRow(target));
        text.AppendLine(Invariant($"(informative: InfoHub p50 / raw p50 {latency.ViaGateway.P50Ms / Raw.Latency.P50Ms:F1}x)"));
        text.AppendLine();
        text.AppendLine("* reported figure: PUT through the gateway until contacts' store holds the change (read from its file at each of its");
        text.AppendLine("  commits); then one GET through the gateway must show it. 'own ports': PUT on the directory's, GET on contacts', in separate rounds.");
        text.AppendLine(Invariant($"Raw: {Raw.Latency.Samples} sequential samples; {Raw.ThroughputMessages} messages, {Raw.InFlight} publishes in flight, {Raw.ThroughputSeconds:F2} s until all consumed."));
        text.AppendLine(Invariant($"InfoHub: {latency.ViaGateway.Samples} sequential samples; {throughput.Updates} updates over {throughput.Organizations} organizations, {throughput.InFlight} in flight:"));
        text.AppendLine(Invariant($"  {throughput.Succeeded} succeeded, failures: {(throughput.Failures.Count == 0 ? "none" : string.Join(", ", throughput.Failures.Select(f => $"{f.Key} x{f.Value}")))}"));
        text.AppendLine(Invariant($"  all acknowledged after {throughput.SecondsUntilAllAcknowledged:F2} s, all replicated in contacts after {throughput.SecondsUntilAllReplicated:F2} s"));
        text.AppendLine($"  PUT latency under load: {throughput.PutLatency}");
        text.AppendLine($"CPU per message, raw (µs):      {Cpu(Raw.CpuPerMessage)}");
        text.AppendLine($"CPU per update, InfoHub (µs):   {Cpu(throughput.CpuPerUpdate)}");
        if (InfoHub.Samples is { } samples) text.Append(SlowSamples(samples));
        if (throughput.Trace is { Count: > 0 } trace) text.Append(TraceTable(trace));
        return text.ToString();
    }

    public Task WriteJsonAsync(string path, CancellationToken ct) => ResultsFile.WriteAsync(path, this, ct);

    private static string Cpu(IReadOnlyDictionary<string, double> perUnit) =>
        string.Join(", ", perUnit.Select(p => Invariant($"{p.Key} {p.Value:F0}")));

    private static string Row(string label, LatencySummary latency, string perSecond) =>
        Invariant($"{label,-46}{latency.P50Ms,10:F2}{latency.P99Ms,10:F2}{perSecond,16}");

    internal static string TargetRow(Target target) =>
        Invariant($"{target.Description + (target.AtMost ? " (at most)" : " (at least)"),-46}{target.Ratio,8:F2}{target.Unit,2}{target.Limit,8:F2}{target.Unit,2}{(target.Met ? "met" : "NOT MET"),16}");

    /// <summary>About one row a second: where the backlog sits shows which stage limits throughput.</summary>
    private static string TraceTable(IReadOnlyList<TraceSample> trace)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("  trace (cumulative updates; backlog = outbox rows not relayed, messages ready in contacts' queue)");
        text.AppendLine(Invariant($"  {"t ms",8}{"acked",8}{"committed",11}{"outbox",8}{"queue",8}{"applied",9}{"dir thr",9}{"con thr",9}"));
        var step = Math.Max(1, trace.Count / 40);
        for (var i = 0; i < trace.Count; i++)
        {
            if (i % step != 0 && i != trace.Count - 1) continue;
            var s = trace[i];
            text.AppendLine(Invariant($"  {s.AtMs,8:F0}{s.Acknowledged,8}{s.DirectoryCommitted,11}{s.OutboxPending,8}{s.ContactsQueueReady,8}{s.ContactsApplied,9}{s.DirectoryThreads,9}{s.ContactsThreads,9}"));
        }
        return text.ToString();
    }

    /// <summary>
    /// Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms before retrying, so writes that met another
    /// writer show up at 150 ms and beyond.
    /// </summary>
    private static string SlowSamples(HubSamples samples)
    {
        static string Share(IReadOnlyList<double> values) =>
            Invariant($"{values.Count(v => v >= 150)} of {values.Count} at >= 150 ms, {values.Count(v => v >= 300)} at >= 300 ms");
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"  sequential propagation (gateway): {Share(samples.ViaGateway)}");
        text.AppendLine($"  sequential PUT acknowledged:      {Share(samples.PutAcknowledged)}");
        text.AppendLine($"  PUT under load:                   {Share(samples.PutUnderLoad)}");
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
