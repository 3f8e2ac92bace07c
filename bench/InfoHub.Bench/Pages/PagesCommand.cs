using InfoHub.Bench.Search;

namespace InfoHub.Bench.Pages;

/// <summary>
/// <c>pages [--quick] [--keep-data]</c>: the portal's server-rendered pages through the gateway, against the API queries
/// they make, and what a first visit downloads (issue #12). The search bench's embedded host, gateway and directory.
/// </summary>
public static class PagesCommand
{
    /// <summary>Visited with an empty cache: the front page, the directory as the menu opens it, and a search.</summary>
    private static readonly string[] FirstVisitPages = ["/", "/directory", "/directory?q=human+rights"];

    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        var settings = PagesSettings.FromArgs(args);
        var loadAtStart = MachineInfo.LoadAverage();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); }; // let clean-up run

        var report = await EmbeddedWithGateway.MeasureAsync($"InfoHub portal pages bench ({settings.Mode})", settings.KeepData, settings.Directory, async (hub, directory) =>
        {
            var pages = await new PagesBench(hub, settings).RunAsync(directory.Data, cancel.Token);
            var visits = new List<FirstVisit>();
            foreach (var page in FirstVisitPages) visits.Add(await PageWeight.VisitAsync(hub.Gateway.BaseAddress, page, cancel.Token));
            return PagesReport.Create(EmbeddedRun.Ending(settings.Mode, loadAtStart, hub, directory), pages, visits);
        }, cancel.Token);
        await ResultsFile.PrintAndWriteAsync(report.ToTable(), "pages-latest.json", report, cancel.Token);
    }
}
