using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace InfoHub.Bench.Gateway;

/// <summary>One target's figures over the rounds: the median of each.</summary>
public sealed record TargetSummary(string Target, double RequestsPerSecond, double P50Ms, double P99Ms, double ProxyCpuUsPerRequest,
    double ServiceCpuUsPerRequest, bool Clean);

/// <summary>
/// A ratio of requests/s between two targets: of their medians, and the lowest and highest of the per-round ratios
/// (the two runs of a round are minutes apart at most, so they saw much the same machine).
/// </summary>
public sealed record ThroughputRatio(string Description, double Median, double Lowest, double Highest, double? Target)
{
    public bool? Met => Target is { } target ? Median >= target : null;
}

/// <summary>Everything one gateway run measured, as printed and as written to <c>bench/results/gateway-latest.json</c>.</summary>
public sealed record GatewayReport(
    DateTimeOffset MeasuredAt,
    string Mode,
    MachineInfo Machine,
    string Load,
    IReadOnlyList<TargetSummary> Targets,
    IReadOnlyList<ThroughputRatio> Ratios,
    IReadOnlyList<TargetRun> Runs)
{
    public static GatewayReport Create(GatewaySettings settings, string? loadAtStart, IReadOnlyList<TargetRun> runs)
    {
        var summaries = runs.GroupBy(r => r.Target).Select(g => new TargetSummary(g.Key,
            Median(g.Select(r => r.Wrk.RequestsPerSecond)), Median(g.Select(r => r.Wrk.P50Ms)), Median(g.Select(r => r.Wrk.P99Ms)),
            Median(g.Select(r => r.ProxyCpuUsPerRequest)), Median(g.Select(r => r.ServiceCpuUsPerRequest)), g.All(r => r.Wrk.Clean))).ToList();

        var ratios = new List<ThroughputRatio>();
        foreach (var gateway in summaries.Where(s => s.Target.StartsWith("gateway", StringComparison.Ordinal)))
        {
            var after = gateway.Target == "gateway";
            ratios.Add(Ratio(runs, summaries, gateway.Target, "bare YARP", after ? GatewaySettings.TargetOfBare : null));
            ratios.Add(Ratio(runs, summaries, gateway.Target, "direct", after ? GatewaySettings.TargetOfDirect : null));
        }
        ratios.Add(Ratio(runs, summaries, "bare YARP", "direct", null));

        return new GatewayReport(DateTimeOffset.UtcNow, settings.Mode,
            new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, loadAtStart, MachineInfo.LoadAverage()),
            $"wrk -t1 -c{settings.Connections} --latency, GET {GatewaySettings.Path}; {settings.WarmupSeconds} s warm-up per target, " +
            $"then {settings.Rounds} round(s) of {settings.Seconds} s per target, the order rotated each round",
            summaries, ratios, runs);
    }

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"InfoHub gateway bench ({Mode}), {MeasuredAt:u}, {Machine.Cores} cores shared by wrk, the proxies and the directory, {Machine.Runtime}"));
        text.AppendLine(Invariant($"Load average before / after: {Machine.LoadAtStart ?? "n/a"} / {Machine.LoadAtEnd ?? "n/a"}"));
        if (Machine.Busy)
            text.AppendLine(Invariant($"WARNING: the machine was already busy (1-minute load above {Machine.Cores}) when the bench started; read the ratios, not the rates."));
        text.AppendLine(Load);
        text.AppendLine("The gateway's rate limit is lifted for the run (1,000,000 per second per client); everything else is as it ships.");
        text.AppendLine();
        text.AppendLine(Invariant($"{"target",-18}{"req/s",10}{"p50 ms",9}{"p99 ms",9}{"proxy CPU",12}{"directory CPU",15}   req/s per round"));
        text.AppendLine(Invariant($"{"",-18}{"",10}{"",9}{"",9}{"us/req",12}{"us/req",15}"));
        foreach (var t in Targets)
        {
            var rounds = string.Join(", ", Runs.Where(r => r.Target == t.Target).OrderBy(r => r.Round).Select(r => r.Wrk.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
            var proxyCpu = t.Target == "direct" ? "-" : t.ProxyCpuUsPerRequest.ToString("F0", CultureInfo.InvariantCulture);
            text.AppendLine(Invariant($"{t.Target,-18}{t.RequestsPerSecond,10:N0}{t.P50Ms,9:F2}{t.P99Ms,9:F2}{proxyCpu,12}{t.ServiceCpuUsPerRequest,15:F0}   {rounds}")
                            + (t.Clean ? "" : "   (NOT CLEAN: non-2xx answers or socket errors, see the JSON)"));
        }
        text.AppendLine("(medians over the rounds; CPU time per request is user + system time of the process, from /proc, over the run)");
        text.AppendLine();
        text.AppendLine("Ratios of requests/s: of the medians (lowest - highest of the per-round ratios)");
        foreach (var r in Ratios)
        {
            var verdict = r.Target is { } target ? Invariant($"   target >= {target:F2}: {(r.Met == true ? "PASS" : "FAIL")}") : "";
            text.AppendLine(Invariant($"  {r.Description,-30}{r.Median,6:F2}  ({r.Lowest:F2} - {r.Highest:F2}){verdict}"));
        }
        return text.ToString();
    }

    /// <summary>One run as a line, printed while the bench runs.</summary>
    public static string Describe(TargetRun run) =>
        Invariant($"    round {run.Round} {run.Target,-17} {run.Wrk.RequestsPerSecond,9:N0} req/s  p50 {run.Wrk.P50Ms,6:F2} ms  p99 {run.Wrk.P99Ms,7:F2} ms  ")
        + Invariant($"CPU/req proxy {run.ProxyCpuUsPerRequest,5:F0} us, directory {run.ServiceCpuUsPerRequest,5:F0} us  load {run.LoadAverage ?? "n/a"}")
        + (run.Wrk.Clean ? "" : Invariant($"  ({run.Wrk.NotSuccessful} non-2xx, {run.Wrk.SocketErrors} socket errors)"));

    public Task WriteJsonAsync(string path, CancellationToken ct) => ResultsFile.WriteAsync(path, this, ct);

    private static ThroughputRatio Ratio(IReadOnlyList<TargetRun> runs, IReadOnlyList<TargetSummary> summaries, string of, string to, double? target)
    {
        var perRound = runs.Where(r => r.Target == of)
            .Join(runs.Where(r => r.Target == to), r => r.Round, r => r.Round, (a, b) => a.Wrk.RequestsPerSecond / b.Wrk.RequestsPerSecond).ToList();
        var median = summaries.Single(s => s.Target == of).RequestsPerSecond / summaries.Single(s => s.Target == to).RequestsPerSecond;
        return new ThroughputRatio($"{of} / {to}", Math.Round(median, 3), Math.Round(perRound.Min(), 3), Math.Round(perRound.Max(), 3), target);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
