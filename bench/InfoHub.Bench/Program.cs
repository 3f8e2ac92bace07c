using InfoHub.Bench;
using InfoHub.Bench.Hub;
using InfoHub.Bench.Raw;
using InfoHub.Bench.Search;
using InfoHub.Testing;

// `search [--quick] [--keep-data]`: the directory search bench (embedded mode, no broker). Anything else: the propagation bench.
if (args is ["search", .. var searchArgs])
{
    await SearchCommand.RunAsync(searchArgs);
    return;
}
// `pages [--quick] [--keep-data]`: the portal's server-rendered pages through the gateway against the API queries they make, and first-visit page weight.
if (args is ["pages", .. var pagesArgs])
{
    await InfoHub.Bench.Pages.PagesCommand.RunAsync(pagesArgs);
    return;
}
// `digest [--quick]`: drafting a digest from 5,000 developments and 2,000 network events, and the developments' Atom feed under 50 readers.
if (args is ["digest", .. var digestArgs])
{
    await InfoHub.Bench.Digest.DigestCommand.RunAsync(digestArgs);
    return;
}
// `gateway [--quick] [--rounds=N] [--seconds=S] [--before=DLL]`: the gateway's own cost against a bare YARP proxy and the directory's own port (wrk).
if (args is ["gateway", .. var gatewayArgs])
{
    Environment.ExitCode = await InfoHub.Bench.Gateway.GatewayCommand.RunAsync(gatewayArgs);
    return;
}
// `fault [--rows=N] [--outage=S] [--renames=N] [--stop-broker]`: a broker outage during an import, two instances of each service.
if (args is ["fault", .. var faultArgs])
{
    await InfoHub.Bench.Fault.FaultCommand.RunAsync(faultArgs);
    return;
}

// `startup [--runs=N] [--before=DLL]`: the embedded host with demo data, from process start until /health/ready answers 200 (and correct answers, sign-ins).
if (args is ["startup", .. var startupArgs])
{
    await InfoHub.Bench.Startup.StartupCommand.RunAsync(startupArgs);
    return;
}

var settings = BenchSettings.FromArgs(args);
var loadAtStart = MachineInfo.LoadAverage();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); }; // let clean-up run

await using var broker = await TestBroker.StartAsync();
Console.WriteLine($"InfoHub bench ({settings.Mode}) against {broker.Host}:{broker.Port}");

Console.WriteLine("(a) raw MassTransit baseline");
var raw = await new RawMassTransitBench(broker.Uri, settings).RunAsync(cancel.Token);

Console.WriteLine("(b) InfoHub end to end: starting directory, contacts and gateway");
await QueueConsumers.ExpectAsync(broker.Uri, 0, "Before starting InfoHub", cancel.Token);
HubResults hub;
// The bench polls far faster than any real client: lift the gateway's per-client rate limit for it.
var unlimited = new Dictionary<string, string> { ["Gateway__RateLimits__SignedInPermits"] = "1000000", ["Gateway__RateLimits__AnonymousPermits"] = "1000000" };
await using (var cluster = await DistributedHub.StartAsync(broker.Uri, gatewayEnvironment: unlimited))
{
    try
    {
        await QueueConsumers.ExpectAsync(broker.Uri, 1, "With the bench's contacts started", cancel.Token);
        hub = await new PropagationBench(cluster, broker.Uri, settings).RunAsync(cancel.Token);
        await QueueConsumers.ExpectAsync(broker.Uri, 1, "After the measurement", cancel.Token);
    }
    catch (Exception) when (!cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine(cluster.Output);
        throw;
    }
}

var report = BenchReport.Create(settings, broker.Uri, loadAtStart, raw, hub);
Console.WriteLine();
Console.Write(report.ToTable());

var output = Path.Combine(RepoPaths.Root, "bench", "results", "latest.json");
await report.WriteJsonAsync(output, cancel.Token);
Console.WriteLine();
Console.WriteLine($"Figures written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");
