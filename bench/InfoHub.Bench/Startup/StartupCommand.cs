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
/// <param name="SignedInAtReady">Whether the demo partner and the demo member both obtained a token right after ready.</param>
public sealed record StartupRun(string Kind, double ReadyMs, int OrganizationsAtReady, int OrganizationsLater, bool SignedInAtReady)
{
    public bool Correct => OrganizationsAtReady == OrganizationsLater && SignedInAtReady;
}

/// <summary>The starts of one build of the embedded host: this one, or the one given with <c>--before</c>.</summary>
public sealed record StartupBuild(string Label, string Dll, List<StartupRun> FirstStarts, List<StartupRun> Restarts)
{
    public double FirstStartMedianMs => Median(FirstStarts);
    public double RestartMedianMs => Median(Restarts);
    public bool AllCorrect => FirstStarts.Concat(Restarts).All(r => r.Correct);

    public static double Median(IReadOnlyList<StartupRun> runs) =>
        runs.Count == 0 ? double.NaN : runs.Select(r => r.ReadyMs).Order().ElementAt((runs.Count - 1) / 2);
}

public sealed record StartupReport(DateTimeOffset MeasuredAt, MachineInfo Machine, int Runs, double TargetMs, IReadOnlyList<StartupBuild> Builds)
{
    /// <summary>The target applies to this build; every build must answer correctly at ready.</summary>
    public bool Met => Builds[0].FirstStartMedianMs <= TargetMs && Builds.All(b => b.AllCorrect);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"InfoHub embedded host start-up, {MeasuredAt:u}, {Machine.Cores} cores, {Machine.Runtime}"));
        text.AppendLine(Invariant($"Load average before / after: {Machine.LoadAtStart ?? "n/a"} / {Machine.LoadAtEnd ?? "n/a"}"));
        if (Machine.Busy) text.AppendLine(Invariant($"WARNING: the machine was already busy (1-minute load above {Machine.Cores}) when the bench started; the figures are skewed."));
        if (Builds.Count > 1) text.AppendLine("Builds alternate within each run (the first one first in odd runs): compare them, not runs from other hours.");
        text.AppendLine();
        text.AppendLine(Invariant($"{"",-48}{"median ms",12}{"runs (ms)",40}"));
        foreach (var build in Builds)
        {
            text.AppendLine(Line($"{build.Label}: first start, demo data seeded", build.FirstStarts));
            text.AppendLine(Line($"{build.Label}: restart on the same data", build.Restarts));
        }
        text.AppendLine();
        foreach (var build in Builds)
        {
            var answers = build.FirstStarts.Concat(build.Restarts).Select(r => $"{r.OrganizationsAtReady}/{r.OrganizationsLater}").Distinct();
            var signedIn = build.FirstStarts.Concat(build.Restarts).Count(r => r.SignedInAtReady);
            text.AppendLine(Invariant($"{build.Label}: organizations listed at ready / once settled: {string.Join(", ", answers)}; demo partner and member signed in at ready: {signedIn} of {build.FirstStarts.Count + build.Restarts.Count} starts"));
        }
        text.AppendLine(Invariant($"{"Target: first start -> ready, median (at most)",-48}{Builds[0].FirstStartMedianMs,12:F0}{TargetMs,12:F0} ms{(Met ? "met" : "NOT MET"),16}"));
        return text.ToString();
    }

    private static string Line(string label, IReadOnlyList<StartupRun> runs) =>
        Invariant($"{label,-48}{StartupBuild.Median(runs),12:F0}{string.Join(' ', runs.Select(r => r.ReadyMs.ToString("F0", CultureInfo.InvariantCulture))),40}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>startup [--runs=N] [--before=DLL]</c>: how long the embedded host (every service in one process, demo data on, as shipped) takes
/// from process start until <c>/health/ready</c> answers 200, on a new data folder (the demo data is seeded) and again on
/// the same folder (a restart). Ready must also mean "serves correct answers": right after ready the bench lists the
/// directory's organizations and compares the count with the one a few seconds later, and the demo partner and the demo
/// member sign in. With <c>--before</c>, another build of the embedded host (e.g. main's) is started the same way,
/// alternating with this one.
/// </summary>
public static class StartupCommand
{
    public const double TargetMs = 3_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        const string usage = "Usage: startup [--runs=N] (1-50) [--before=PATH/InfoHub.Embedded.dll]";
        var runs = 5;
        string? before = null;
        foreach (var arg in args)
        {
            switch (arg.Split('=', 2))
            {
                case ["--runs", var n] when int.TryParse(n, out var count) && count is > 0 and <= 50: runs = count; break;
                case ["--before", var path] when File.Exists(path): before = Path.GetFullPath(path); break;
                case ["--before", var path]: throw new ArgumentException($"--before: {path} does not exist; build that embedded host (Release) first. {usage}");
                default: throw new ArgumentException($"Unknown argument '{arg}'. {usage}");
            }
        }
        var loadAtStart = MachineInfo.LoadAverage();
        List<StartupBuild> builds = [new("this build", RepoPaths.Executable("deploy", "InfoHub.Embedded"), [], [])];
        if (before is not null) builds.Add(new("before", before, [], []));
        Console.WriteLine($"InfoHub embedded host start-up: {runs} first starts and {runs} restarts of {string.Join(" and ", builds.Select(b => $"{b.Label} ({b.Dll})"))}, demo data on");
        for (var i = 0; i < runs; i++)
        {
            // Alternated, so that a change in the machine's load during the run weighs on every build alike.
            foreach (var build in i % 2 == 0 ? builds : builds.AsEnumerable().Reverse())
            {
                var data = System.IO.Directory.CreateTempSubdirectory("infohub-startup-bench-").FullName;
                try
                {
                    build.FirstStarts.Add(await StartOnceAsync(build.Dll, data, "first start"));
                    build.Restarts.Add(await StartOnceAsync(build.Dll, data, "restart"));
                    Console.WriteLine(Invariant($"  run {i + 1}, {build.Label}: first start {build.FirstStarts[^1].ReadyMs:F0} ms, restart {build.Restarts[^1].ReadyMs:F0} ms"));
                }
                finally
                {
                    try { System.IO.Directory.Delete(data, recursive: true); } catch (IOException) { }
                }
            }
        }

        var report = new StartupReport(DateTimeOffset.UtcNow,
            new MachineInfo(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, loadAtStart, MachineInfo.LoadAverage()),
            runs, TargetMs, builds);
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
        var signedIn = await DemoSignIn.BothSignInAsync(host.BaseAddress);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await CountOrganizationsAsync(http);
        return new StartupRun(kind, ready, atReady, later, signedIn);
    }

    private static async Task<int> CountOrganizationsAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/directory/organizations?limit=1");
        return page.GetProperty("total").GetInt32();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
