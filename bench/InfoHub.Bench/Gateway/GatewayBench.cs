using System.Diagnostics;

namespace InfoHub.Bench.Gateway;

/// <summary>One measured wrk run against one target, with the CPU time its processes spent per request meanwhile.</summary>
/// <param name="ProxyCpuUsPerRequest">The proxy process's CPU time per request, in microseconds (0 for direct).</param>
/// <param name="ServiceCpuUsPerRequest">The directory's CPU time per request, in microseconds.</param>
/// <param name="LoadAverage">The machine's 1-, 5- and 15-minute load averages just after the run.</param>
public sealed record TargetRun(string Target, int Round, WrkResult Wrk, double ProxyCpuUsPerRequest, double ServiceCpuUsPerRequest, string? LoadAverage);

/// <summary>
/// Loads each target with wrk at the same concurrency: first a warm-up of each, then <see cref="GatewaySettings.Rounds"/>
/// rounds, each visiting every target once in an order rotated by one per round, so that no target always runs first
/// or just after another, and a burst of other work on the machine falls on different targets in different rounds.
/// </summary>
public sealed class GatewayBench(IReadOnlyList<LoadTarget> targets, GatewaySettings settings, string wrk)
{
    public async Task<IReadOnlyList<TargetRun>> RunAsync(CancellationToken ct)
    {
        await SameAnswerAsync(ct);

        Console.WriteLine($"  warm-up: {settings.WarmupSeconds} s of load on each target");
        foreach (var target in targets) await Wrk.RunAsync(wrk, Url(target), settings.Connections, settings.WarmupSeconds, ct);

        var runs = new List<TargetRun>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var target in targets.Skip(round % targets.Count).Concat(targets.Take(round % targets.Count)))
            {
                var before = target.CpuTime();
                var result = await Wrk.RunAsync(wrk, Url(target), settings.Connections, settings.Seconds, ct);
                var after = target.CpuTime();
                var run = new TargetRun(target.Name, round + 1, result,
                    PerRequest(after.Proxy - before.Proxy, result.Requests), PerRequest(after.Service - before.Service, result.Requests), MachineInfo.LoadAverage());
                runs.Add(run);
                Console.WriteLine(GatewayReport.Describe(run));
            }
        }
        return runs;
    }

    /// <summary>Waits for each target's first answer to the measured request and checks it is the directory's own.</summary>
    private async Task SameAnswerAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? expected = null;
        foreach (var target in targets)
        {
            var body = await FirstAnswerAsync(http, target, ct);
            expected ??= body;
            if (body != expected) throw new InvalidOperationException($"{target.Name} answered {GatewaySettings.Path} differently from the directory:{Environment.NewLine}{body}");
        }
    }

    private static async Task<string> FirstAnswerAsync(HttpClient http, LoadTarget target, CancellationToken ct)
    {
        var url = Url(target);
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var response = await http.GetAsync(url, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return body;
                last = $"{(int)response.StatusCode}: {body}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{target.Name} did not answer {url} with a success in 30 s (last: {last})");
    }

    private static Uri Url(LoadTarget target) => new(target.BaseAddress, GatewaySettings.Path);

    private static double PerRequest(TimeSpan cpu, long requests) => requests == 0 ? double.NaN : Math.Round(cpu.TotalMicroseconds / requests, 1);
}
