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

        Console.WriteLine($"InfoHub directory search bench ({settings.Mode}): starting the embedded host and a gateway in front of it");
        SearchReport report;
        await using (var hub = await EmbeddedWithGateway.StartAsync(settings.KeepData))
        {
            try
            {
                Console.WriteLine($"  embedded host pid {hub.Embedded.Pid} at {hub.Embedded.BaseAddress}, gateway pid {hub.Gateway.Pid} at {hub.Gateway.BaseAddress}");
                using var http = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
                var vocabularies = await DirectoryVocabularies.ReadAsync(http, cancel.Token);
                var data = new DirectoryDataset(vocabularies, settings.Seed, settings.Organizations, settings.Activities, settings.Situations);
                Console.WriteLine($"  generated {data.Organizations.Count:N0} organizations, {data.ActivityCount:N0} activities, {data.Situations.Count} situations (seed {settings.Seed})");

                var memoryBeforeLoad = MachineInfo.Memory(hub.Embedded.Pid);
                var load = await new DirectoryLoader(hub, settings).LoadAsync(data, cancel.Token);
                Console.WriteLine("  measuring");
                var search = await new SearchBench(hub, settings).RunAsync(data, cancel.Token);
                var memory = new HostMemory(memoryBeforeLoad, MachineInfo.Memory(hub.Embedded.Pid));
                report = SearchReport.Create(settings, loadAtStart, load, search, memory);
                if (settings.KeepData) Console.WriteLine($"  data kept in {hub.DataDirectory}");
            }
            catch (Exception) when (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine(hub.Output);
                throw;
            }
        }

        Console.WriteLine();
        Console.Write(report.ToTable());
        var output = Path.Combine(RepoPaths.Root, "bench", "results", "search-latest.json");
        await report.WriteJsonAsync(output, cancel.Token);
        Console.WriteLine();
        Console.WriteLine($"Figures written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");

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
