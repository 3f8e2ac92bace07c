using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace InfoHub.Bench.Gateway;

/// <summary>What one wrk run printed: requests/s, latency percentiles (<c>--latency</c>), and anything that was not a 2xx/3xx answer.</summary>
public sealed record WrkResult(double RequestsPerSecond, long Requests, double P50Ms, double P90Ms, double P99Ms, long NotSuccessful, long SocketErrors)
{
    /// <summary>Every request answered 2xx/3xx on an unbroken connection; otherwise the figures measure errors, not proxying.</summary>
    public bool Clean => NotSuccessful == 0 && SocketErrors == 0;
}

/// <summary>The wrk HTTP load generator, run as a process (<c>apt-get install -y wrk</c>).</summary>
public static partial class Wrk
{
    /// <summary>wrk's full path, or null when it is not on the PATH.</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "wrk"))
        .FirstOrDefault(File.Exists);

    public static async Task<WrkResult> RunAsync(string wrk, Uri url, int connections, int seconds, CancellationToken ct)
    {
        var info = new ProcessStartInfo(wrk)
        {
            ArgumentList = { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency", url.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{wrk} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await errors}{await output}");
        return Parse(await output);
    }

    public static WrkResult Parse(string output)
    {
        double Percentile(string p) =>
            Percentiles().Matches(output).Where(m => m.Groups["p"].Value == p).Select(m => Milliseconds(m.Groups["value"].Value, m.Groups["unit"].Value))
                .DefaultIfEmpty(double.NaN).First();
        long Count(Regex pattern) => pattern.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        var rate = RequestsPerSecond().Match(output);
        if (!rate.Success) throw new InvalidOperationException($"wrk printed no Requests/sec:{Environment.NewLine}{output}");
        var socketErrors = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), Count(Requests()),
            Percentile("50"), Percentile("90"), Percentile("99"), Count(NotSuccessful()), socketErrors);
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch
        {
            "us" => 0.001,
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            _ => throw new FormatException($"wrk printed a latency in an unknown unit: {value}{unit}"),
        };

    [GeneratedRegex(@"^\s*(?<p>\d+)%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentiles();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NotSuccessful();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
