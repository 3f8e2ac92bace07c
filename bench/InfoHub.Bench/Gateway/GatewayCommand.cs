using InfoHub.Testing;

namespace InfoHub.Bench.Gateway;

/// <summary>
/// <c>gateway [--quick] [--rounds=N] [--seconds=S] [--before=PATH]</c>: the gateway's own cost (issue #10). wrk loads a
/// tiny public GET on the directory's own port, through a bare YARP proxy and through the gateway, in one run; with
/// <c>--before</c>, also through another build of the gateway. Needs wrk; no broker.
/// </summary>
public static class GatewayCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = GatewaySettings.FromArgs(args);
        if (Wrk.Locate() is not { } wrk)
        {
            Console.Error.WriteLine("The gateway bench needs wrk (an HTTP load generator) on the PATH, and there is none. Install it: apt-get install -y wrk");
            return 2;
        }
        var loadAtStart = MachineInfo.LoadAverage();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); }; // let clean-up run

        Console.WriteLine($"InfoHub gateway bench ({settings.Mode}): starting the directory, a bare YARP proxy and the gateway");
        GatewayReport report;
        await using (var processes = await ProxyTargets.StartAsync(settings.BeforeGateway))
        {
            try
            {
                foreach (var target in processes.Targets)
                    Console.WriteLine($"  {target.Name,-17} {target.BaseAddress} (pid {(target.Proxy ?? target.Service).Pid})");
                var runs = await new GatewayBench(processes.Targets, settings, wrk).RunAsync(cancel.Token);
                report = GatewayReport.Create(settings, loadAtStart, runs);
            }
            catch (Exception) when (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine(processes.Output);
                throw;
            }
        }

        Console.WriteLine();
        Console.Write(report.ToTable());
        var output = Path.Combine(RepoPaths.Root, "bench", "results", "gateway-latest.json");
        await report.WriteJsonAsync(output, cancel.Token);
        Console.WriteLine();
        Console.WriteLine($"Figures written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");
        return 0;
    }
}
