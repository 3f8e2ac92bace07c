using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace InfoHub.Testing;

/// <summary>
/// One InfoHub executable (a service or the gateway) running as its own OS process on a loopback port.
/// Stopped by its own PID, gracefully (SIGTERM) first, even when frozen.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The last lines the process wrote (at most 300), oldest first.</summary>
    public IReadOnlyList<string> OutputLines => _output.ToArray();

    public static ServiceProcess Start(string name, string dll, int port, IReadOnlyDictionary<string, string> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            // --urls on the command line outranks a "Urls" key in the executable's appsettings.json.
            ArgumentList = { dll, "--urls", baseAddress.ToString() },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["OTEL_SERVICE_NAME"] = name;
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Record(e.Data);
        process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// Waits until <paramref name="path"/> answers 200 with every check Healthy; fails early, with the process's output,
    /// if it exits. (A service is ready, Degraded, while its broker is still away; a test about to publish needs its
    /// queues declared.)
    /// </summary>
    public async Task WaitUntilHealthyAsync(string path = "/health/ready", TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: a test class starts five processes at once on a machine shared with other test processes, and the
        // identity service's first start (schema, keys, accounts) was seen to take over a minute on 2 busy cores.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(150));
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && IsHealthy(body)) return;
                last = $"{(int)response.StatusCode}: {body}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "timed out"; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer {path} in time (last: {last}):{Environment.NewLine}{Output}");
    }

    /// <summary>
    /// Freezes the process (SIGSTOP), as a hung service: it keeps its port, the kernel still accepts connections for
    /// it, but nothing answers. <see cref="Resume"/> or disposal lets it run again.
    /// </summary>
    public void Freeze() => Signal(Sigstop);

    /// <summary>Lets a frozen process run again (SIGCONT).</summary>
    public void Resume() => Signal(Sigcont);

    private static bool IsHealthy(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return !json.RootElement.TryGetProperty("status", out var status) || status.GetString() == "Healthy";
        }
        catch (JsonException)
        {
            return true; // not a health report: the 200 says it all
        }
    }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        // A frozen process would hold SIGTERM until it is killed.
        _ = Kill(_process.Id, Sigcont);
        _ = Kill(_process.Id, Sigterm);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally { _process.Dispose(); }
    }

    private void Signal(int signal)
    {
        if (_process.HasExited) return;
        if (Kill(_process.Id, signal) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 300) _output.TryDequeue(out _);
    }

    private const int Sigterm = 15;
    private const int Sigcont = 18;
    private const int Sigstop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
