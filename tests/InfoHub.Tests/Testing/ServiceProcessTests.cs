using System.Diagnostics;
using InfoHub.Testing;

namespace InfoHub.Tests.Testing;

/// <summary>Freezing a process for a test must never leave a stopped process behind, nor slow the test's end.</summary>
public sealed class ServiceProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The gateway alone, the quickest InfoHub process to start.</summary>
    private static async Task<ServiceProcess> StartAsync()
    {
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/";
        var process = ServiceProcess.Start("gateway", RepoPaths.Executable("gateway", "InfoHub.Gateway"), Ports.Free(), new Dictionary<string, string>
        {
            ["Auth__Authority"] = nowhere,
            ["Auth__RequireHttpsMetadata"] = "false",
        });
        await process.WaitUntilHealthyAsync("/health/live");
        return process;
    }

    private static async Task<bool> AnswersAsync(ServiceProcess process)
    {
        using var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        try
        {
            using var response = await client.GetAsync("/health/live", Ct);
            return response.IsSuccessStatusCode;
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_frozen_process_answers_nothing_until_it_is_resumed()
    {
        await using var process = await StartAsync();

        process.Freeze();
        var whileFrozen = await AnswersAsync(process);
        process.Resume();

        Assert.False(whileFrozen);
        Assert.True(await AnswersAsync(process));
    }

    [Fact]
    public async Task A_frozen_process_is_stopped_by_disposal_without_waiting_to_be_killed()
    {
        var process = await StartAsync();
        var pid = process.Pid;

        process.Freeze();
        var watch = Stopwatch.StartNew();
        await process.DisposeAsync();

        // Disposal waits 15 s for a graceful exit before it kills; a frozen process must not need that.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }
}
