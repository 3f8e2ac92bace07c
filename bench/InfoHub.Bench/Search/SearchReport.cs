using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfoHub.Bench.Search;

/// <summary>The target of issue #4 and whether this run met it.</summary>
public sealed record SearchTarget(string Description, double ValueMs, double LimitMs, bool Met);

/// <summary>Everything one search run measured, as printed and as written to <c>bench/results/search-latest.json</c>.</summary>
public sealed record SearchReport(EmbeddedRun Run, SearchMeasurements Search, SearchTarget Target)
{
    public static SearchReport Create(EmbeddedRun run, SearchMeasurements search)
    {
        var p95 = search.OverallGateway.P95Ms;
        return new SearchReport(run, search,
            new SearchTarget($"overall search p95 through the gateway at most {SearchSettings.TargetP95Ms:F0} ms", p95, SearchSettings.TargetP95Ms, p95 <= SearchSettings.TargetP95Ms));
    }

    public string ToTable()
    {
        var text = new StringBuilder();
        text.Append(Run.Heading("InfoHub directory search bench", Search.FirstSearchMs));
        text.AppendLine($"Embedded host memory before the load: {Describe(Run.Memory.BeforeLoad)}");
        text.AppendLine($"                     after the run:     {Describe(Run.Memory.AfterRun)}");
        text.AppendLine("      (own: heaps, the search indexes among them; mapped files: code and SQLite's memory-mapped pages, which the kernel");
        text.AppendLine("      can drop and re-read; shared: .NET's double-mapped code and SQLite's WAL index)");
        text.AppendLine();

        var samples = Search.Shapes.FirstOrDefault()?.Direct.Samples ?? 0;
        text.AppendLine(Invariant($"Latency in ms, {samples} sequential samples per row and path (nearest rank); ratio = gateway / direct"));
        text.AppendLine(Invariant($"{"",-42}{"matches",8} | {"direct",-23} | {"gateway",-23} | {"ratio",-11} | {"over baseline",-15} |"));
        text.AppendLine(Invariant($"{"query shape",-42}{"",8} | {"p50",7}{"p95",8}{"p99",8} | {"p50",7}{"p95",8}{"p99",8} | {"p50",5}{"p95",6} | {"p50 dir",7}{"gw",8} | p95<=20"));
        var baseline = Search.Baselines.Last();
        foreach (var shape in Search.Shapes) text.AppendLine(Row(shape, baseline, mark: true));
        text.AppendLine(new string('-', 134));
        var overall = new ShapeResults("ALL SEARCHES", "", null, null, 0, Search.OverallDirect, Search.OverallGateway);
        text.AppendLine(Row(overall, baseline, mark: true));
        text.AppendLine();
        text.AppendLine("Baselines (the fixed cost of a request on each path):");
        foreach (var b in Search.Baselines) text.AppendLine(Row(b, null, mark: false));
        text.AppendLine();

        text.AppendLine(Invariant($"Target: {Target.Description}: {Target.ValueMs:F2} ms -> {(Target.Met ? "PASS" : "FAIL")}"));
        var slow = Search.Shapes.Where(s => !s.MeetsTarget).Select(s => s.Name).ToList();
        if (slow.Count > 0) text.AppendLine($"Shapes over 20 ms at p95 through the gateway: {string.Join("; ", slow)}");
        text.AppendLine();
        text.AppendLine("'over baseline' = the row's p50 minus the proxied static GET's p50 on the same path: what the search itself costs.");
        text.AppendLine("/health/live through the gateway is answered by the gateway itself (it does not route /health); the proxied static GET");
        text.AppendLine("(a vocabulary) crosses the gateway to the embedded host and back, so it is the baseline for search through the gateway.");
        return text.ToString();
    }

    private static string Row(ShapeResults s, ShapeResults? baseline, bool mark)
    {
        var over = baseline is null ? Invariant($"{"",7}{"",8}") : Invariant($"{s.Direct.P50Ms - baseline.Direct.P50Ms,7:F2}{s.Gateway.P50Ms - baseline.Gateway.P50Ms,8:F2}");
        var name = s.Name.Length > 41 ? s.Name[..41] : s.Name;
        return Invariant($"{name,-42}{(s.Total is { } t ? t.ToString("N0", CultureInfo.InvariantCulture) : ""),8} | {s.Direct.P50Ms,7:F2}{s.Direct.P95Ms,8:F2}{s.Direct.P99Ms,8:F2} | ")
               + Invariant($"{s.Gateway.P50Ms,7:F2}{s.Gateway.P95Ms,8:F2}{s.Gateway.P99Ms,8:F2} | {s.P50Ratio,5:F2}{s.P95Ratio,6:F2} | {over} | {(mark ? s.MeetsTarget ? "PASS" : "FAIL" : "")}");
    }

    private static string Describe(ProcessMemory? memory) => memory is null
        ? "n/a"
        : Invariant($"resident {memory.ResidentBytes / 1048576.0:F0} MB = own {memory.AnonymousBytes / 1048576.0:F0} MB + mapped files {memory.FileBytes / 1048576.0:F0} MB + shared {memory.SharedBytes / 1048576.0:F0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
