using System.Globalization;
using System.Text;
using InfoHub.Bench.Search;

namespace InfoHub.Bench.Pages;

/// <summary>Everything one pages run measured, as printed and as written to <c>bench/results/pages-latest.json</c>.</summary>
public sealed record PagesReport(EmbeddedRun Run, PagesMeasurements Pages, IReadOnlyList<FirstVisit> FirstVisits, IReadOnlyList<Target> Targets)
{
    public static PagesReport Create(EmbeddedRun run, PagesMeasurements pages, IReadOnlyList<FirstVisit> visits) =>
        new(run, pages, visits,
            [
                new Target("page p95 via the gateway, all kinds", pages.OverallPage.P95Ms, PagesSettings.TargetP95Ms, "ms", AtMost: true),
                .. visits.Select(v => new Target($"first visit {v.Page}", v.Kb, PagesSettings.TargetFirstVisitKb, "KB", AtMost: true)),
            ]);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.Append(Run.Heading("InfoHub portal pages bench", Pages.FirstRequestMs));
        text.AppendLine(Invariant($"Embedded host resident memory before the load / after the run: {Mb(Run.Memory.BeforeLoad)} / {Mb(Run.Memory.AfterRun)}"));
        text.AppendLine();

        text.AppendLine(Invariant($"Latency through the gateway in ms (nearest rank): {Pages.Requests:N0} requests per path, {Pages.InFlight} in flight, in {Pages.Rounds} rounds; ratio = page / API"));
        text.AppendLine(Invariant($"{"",-24}{"",6}{"",8} | {"page",-23} | {"API query the page makes",-23} | {"ratio",-11} |"));
        text.AppendLine(Invariant($"{"page kind",-24}{"addrs",6}{"KB",8} | {"p50",7}{"p95",8}{"p99",8} | {"p50",7}{"p95",8}{"p99",8} | {"p50",5}{"p95",6} | p95<=100"));
        foreach (var kind in Pages.Kinds) text.AppendLine(Row(kind));
        text.AppendLine(new string('-', 110));
        text.AppendLine(Row(new KindResults("ALL PAGES", Pages.Kinds.Sum(k => k.Addresses), 0, Pages.OverallPage, Pages.OverallApi)));
        text.AppendLine(Invariant($"Throughput, {Pages.InFlight} in flight: pages {Pages.PagesPerSecond:F1} req/s, their API queries {Pages.ApiPerSecond:F1} req/s"));
        text.AppendLine();

        text.AppendLine("Page weight on a first visit (empty cache, through the gateway, Accept-Encoding: gzip, deflate, br), bytes as transferred:");
        foreach (var visit in FirstVisits)
        {
            text.AppendLine(Invariant($"  {visit.Page}: {visit.Kb:F1} KB in {visit.Transfers.Count} responses, compression {(visit.Compressed ? "on" : "off (no Content-Encoding)")}"));
            foreach (var t in visit.Transfers)
                text.AppendLine(Invariant($"    {Shorten(t.Path),-60} {t.Referenced,-18} {t.ContentType,-24} {t.ContentEncoding ?? "identity",-9} {t.BodyBytes / 1024.0,7:F1} KB + {t.HeaderBytes / 1024.0:F1} KB headers"));
            if (visit.External.Count > 0) text.AppendLine($"    not counted, on other origins: {string.Join(", ", visit.External)}");
        }
        text.AppendLine();

        text.AppendLine(Invariant($"{"Target (issue #12)",-46}{"figure",10}{"limit",10}{"result",16}"));
        foreach (var target in Targets) text.AppendLine(BenchReport.TargetRow(target));
        var slow = Pages.Kinds.Where(k => !k.MeetsTarget).Select(k => k.Name).ToList();
        if (slow.Count > 0) text.AppendLine($"Page kinds over {PagesSettings.TargetP95Ms:F0} ms at p95: {string.Join("; ", slow)}");
        text.AppendLine();
        text.Append(Notes);
        return text.ToString();
    }

    private const string Notes = """
        'API query the page makes' = the directory query behind the page's content, with the portal's page size, asked
        through the gateway in the same rounds. The page also names codes (the vocabularies, kept an hour; the situations'
        names, kept 30 s), renders on the server and calls the API from the portal: the ratio is what all that adds. 'KB' =
        mean HTML size.

        """;

    private static string Row(KindResults k) =>
        Invariant($"{(k.Name.Length > 23 ? k.Name[..23] : k.Name),-24}{k.Addresses,6}{(k.HtmlBytes > 0 ? (k.HtmlBytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) : ""),8} | ")
        + Invariant($"{k.Page.P50Ms,7:F2}{k.Page.P95Ms,8:F2}{k.Page.P99Ms,8:F2} | {k.Api.P50Ms,7:F2}{k.Api.P95Ms,8:F2}{k.Api.P99Ms,8:F2} | ")
        + Invariant($"{k.P50Ratio,5:F1}{k.P95Ratio,6:F1} | {(k.MeetsTarget ? "met" : "NOT MET")}");

    private static string Shorten(string path) => path.Length > 60 ? path[..57] + "..." : path;

    private static string Mb(ProcessMemory? memory) => memory is null ? "n/a" : Invariant($"{memory.ResidentBytes / 1048576.0:F0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
