using InfoHub.Testing;

namespace InfoHub.Bench.Search;

/// <summary>
/// <c>search [--quick] [--keep-data]</c>: the directory's faceted text search in the embedded mode, direct and through
/// the gateway (issue #4). Needs no broker: the embedded host runs its in-memory bus.
/// </summary>
public static class SearchCommand
{
    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        var settings = SearchSettings.FromArgs(args);
        var loadAtStart = MachineInfo.LoadAverage();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); }; // let clean-up run

        var report = await EmbeddedWithGateway.MeasureAsync($"InfoHub directory search bench ({settings.Mode})", settings.KeepData, settings.Directory, async (hub, directory) =>
        {
            var search = await new SearchBench(hub, settings).RunAsync(directory.Data, cancel.Token);
            return SearchReport.Create(EmbeddedRun.Ending(settings.Mode, loadAtStart, hub, directory), search);
        }, cancel.Token);
        await ResultsFile.PrintAndWriteAsync(report.ToTable(), "search-latest.json", report, cancel.Token);

        await PrintRelevanceAsync(cancel.Token);
    }

    /// <summary>
    /// The relevance suite against a host seeded with the demo directory (after the timed run, so it costs the
    /// measurements nothing): precision at 5 for each query.
    /// </summary>
    private static async Task PrintRelevanceAsync(CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"Relevance suite: {RelevanceSuite.Demo.Count} queries against the demo directory (P@5: relevant among the first five, over min(5, relevant))");
        await using var hub = await EmbeddedWithGateway.StartAsync(keepData: false, demoData: true);
        using var http = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
        Console.Write(RelevanceSuite.ToTable(await RelevanceSuite.RunAsync(http, RelevanceSuite.Demo, ct)));
    }
}
