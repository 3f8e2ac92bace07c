using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Testing;

namespace InfoHub.Bench.Startup;

/// <summary>One start of the embedded host: when it was ready, and what it answered then.</summary>
/// <param name="ReadyMs">From starting the process until <c>/health/ready</c> first answered 200.</param>
/// <param name="OrganizationsAtReady">How many organizations the directory listed right after ready.</param>
/// <param name="OrganizationsLater">How many it listed once the host had settled: equal when ready meant "serves correct answers".</param>
public sealed record StartupRun(string Kind, double ReadyMs, int OrganizationsAtReady, int OrganizationsLater);

public sealed record StartupReport(DateTimeOffset MeasuredAt, MachineInfo Machine, int Runs, double TargetMs,
    IReadOnlyList<StartupRun> FirstStarts, IReadOnlyList<StartupRun> Restarts)
{
    public double FirstStartMedianMs => Median(FirstStarts);
    public double RestartMedianMs => Median(Restarts);
    public bool Met => FirstStartMedianMs <= TargetMs && FirstStarts.Concat(Restarts).All(r => r.OrganizationsAtReady == r.OrganizationsLater);

    private static double Median(IReadOnlyList<StartupRun> runs) =>
        runs.Count == 0 ? double.NaN : runs.Select(r => r.ReadyMs).Order().ElementAt((runs.Count - 1) / 2);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"InfoHub embedded host start-up, {MeasuredAt:u}, {Machine.Cores} cores, {Machine.Runtime}"));
        text.AppendLine(Invariant($"Load average before / after: {Machine.LoadAtStart ?? "n/a"} / {Machine.LoadAtEnd ?? "n/a"}"));
        if (Machine.Busy) text.AppendLine(Invariant($"WARNING: the machine was already busy (1-minute load above {Machine.Cores}) when the bench started; the figures are skewed."));
        text.AppendLine();
        text.AppendLine(Invariant($"{"",-40}{"median ms",12}{"runs (ms)",40}"));
        text.AppendLine(Line("first start, demo data seeded", FirstStarts));
        text.AppendLine(Line("restart on the same data", Restarts));
        text.AppendLine();
        var answers = FirstStarts.Concat(Restarts).Select(r => $"{r.OrganizationsAtReady}/{r.OrganizationsLater}").Distinct();
        text.AppendLine(Invariant($"organizations listed at ready / once settled: {string.Join(", ", answers)}"));
        text.AppendLine(Invariant($"{"Target: first start -> ready, median (at most)",-40}{FirstStartMedianMs,12:F0}{TargetMs,12:F0} ms{(Met ? "met" : "NOT MET"),16}"));
        return text.ToString();
    }

    private static string Line(string label, IReadOnlyList<StartupRun> runs) =>
        Invariant($"{label,-40}{Median(runs),12:F0}{string.Join(' ', runs.Select(r => r.ReadyMs.ToString("F0", CultureInfo.InvariantCulture))),40}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>startup [--runs=N]</c>: how long the embedded host (every service in one process, demo data on, as shipped) takes
/// from process start until <c>/health/ready</c> answers 200, on a new data folder (the demo data is seeded) and again on
/// the same folder (a restart). Ready must also mean "serves correct answers": right after ready the bench lists the
/// directory's organizations and compares the count with the one a few seconds later.
/// </summary>
public static class StartupCommand
{
    public const double TargetMs = 3_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        var runs = 5;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--runs=", StringComparison.Ordinal) && int.TryParse(arg["--runs=".Length..], out var n) && n is > 0 and <= 50) runs = n;
            else throw new ArgumentException($"Unknown argument '{arg}'. Usage: startup [--runs=N] (1-50)");
        }
        var loadAtStart = MachineInfo.LoadAverage();
        Console.WriteLine($"InfoHub embedded host start-up: {runs} first starts and {runs} restarts, demo data on");
        var dll = RepoPaths.Executable("deploy", "InfoHub.Embedded");
        var firstStarts = new List<StartupRun>();
        var restarts = new List<StartupRun>();
        for (var i = 0; i < runs; i++)
        {
            var data = System.IO.Directory.CreateTempSubdirectory("infohub-startup-bench-").FullName;
            try
            {
                firstStarts.Add(await StartOnceAsync(dll, data, "first start"));
                restarts.Add(await StartOnceAsync(dll, data, "restart"));
                Console.WriteLine(Invariant($"  run {i + 1}: first start {firstStarts[^1].ReadyMs:F0} ms, restart {restarts[^1].ReadyMs:F0} ms"));
            }
            finally
            {
                try { System.IO.Directory.Delete(data, recursive: true); } catch (IOException) { }
            }
        }

        var report = new StartupReport(DateTimeOffset.UtcNow,
            new MachineInfo(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, loadAtStart, MachineInfo.LoadAverage()),
            runs, TargetMs, firstStarts, restarts);
        Console.WriteLine();
        Console.Write(report.ToTable());
        var output = Path.Combine(RepoPaths.Root, "bench", "results", "startup-latest.json");
        await ResultsFile.WriteAsync(output, report, CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine($"Figures written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");
    }

    private static async Task<StartupRun> StartOnceAsync(string dll, string data, string kind)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var start = Stopwatch.GetTimestamp();
        // As shipped (appsettings.json: in-memory bus, SQLite, demo data in the directory and identity), in its own folder.
        await using var host = ServiceProcess.Start("embedded", dll, Ports.Free(), new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = data,
        });
        http.BaseAddress = host.BaseAddress;
        var deadline = start + Stopwatch.Frequency * 120;
        while (true)
        {
            if (host.HasExited) throw new InvalidOperationException($"The embedded host exited:{Environment.NewLine}{host.Output}");
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"The embedded host was not ready within 2 minutes:{Environment.NewLine}{host.Output}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(Poll);
        }
        var ready = Clock.MillisecondsSince(start);
        var atReady = await CountOrganizationsAsync(http);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await CountOrganizationsAsync(http);
        return new StartupRun(kind, ready, atReady, later);
    }

    private static async Task<int> CountOrganizationsAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/directory/organizations?limit=1");
        return page.GetProperty("total").GetInt32();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
