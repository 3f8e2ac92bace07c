using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using InfoHub.Testing;
using InfoHub.Tests.EndToEnd;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Gateway;

/// <summary>
/// Directory and contacts as two instances each behind the gateway, every pair on one store, as real processes against
/// the real broker. Which instance served a request shows in that process's own request log (ASP.NET Core's hosting
/// diagnostics, turned on here). A frozen instance is a process stopped with SIGSTOP, by its PID, and always resumed.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class GatewayBalancingTests(BrokerFixture fixture, ITestOutputHelper output)
{
    /// <summary>The gateway's <c>api</c> route timeout: its default, which these tests do not change.</summary>
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Clients sending requests at once while an instance is frozen.</summary>
    private const int Workers = 4;

    private static readonly Dictionary<string, string> RequestLogs = new()
    {
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    /// <summary>Instances and timeouts are under test here, not the rate limits.</summary>
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Gateway__RateLimits__SignedInPermits"] = "1000000",
        ["Gateway__RateLimits__AnonymousPermits"] = "1000000",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_through_the_gateway_are_shared_by_both_instances_of_directory_and_of_contacts()
    {
        await using var hub = await StartAsync(instances: 2);
        var marker = Marker();
        var nowhere = Guid.NewGuid();
        for (var i = 0; i < 20; i++)
        {
            using var search = await hub.Client.GetAsync(Search(marker), Ct);
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            using var replica = await hub.Client.GetAsync($"/api/contacts/organizations/{nowhere}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, replica.StatusCode);
        }

        await AllLoggedAsync(hub.DirectoryInstances, marker, 20);
        await AllLoggedAsync(hub.ContactsInstances, nowhere.ToString(), 20);
        output.WriteLine($"directory: {Shares(hub.DirectoryInstances, marker)}; contacts: {Shares(hub.ContactsInstances, nowhere.ToString())}");
        Assert.All(hub.DirectoryInstances.Concat(hub.ContactsInstances), instance =>
            Assert.True(Served(instance, marker) + Served(instance, nowhere.ToString()) > 0, $"{instance.Name} served nothing{Environment.NewLine}{hub.Output}"));
    }

    [Fact]
    public async Task A_frozen_instance_costs_each_client_at_most_one_504_is_routed_around_and_serves_again_once_resumed()
    {
        await using var hub = await StartAsync(instances: 2);
        var frozen = hub.DirectoryInstances[1];
        await WarmUpAsync(hub);

        frozen.Freeze();
        IReadOnlyList<Outcome> outcomes;
        try
        {
            outcomes = await LoadAsync(hub.Client, Search(Marker()), ApiTimeout + TimeSpan.FromSeconds(8));
        }
        finally
        {
            frozen.Resume();
        }
        var sinceResumed = Stopwatch.StartNew();

        var failures = outcomes.Where(o => o.Status != HttpStatusCode.OK).ToList();
        var slowest = outcomes.Max(o => o.Elapsed);
        output.WriteLine($"frozen: {failures.Count} of {outcomes.Count} requests failed ({string.Join("; ", failures)}); slowest answer {slowest.TotalSeconds:F2} s");
        Assert.All(failures, f => Assert.Equal((HttpStatusCode.GatewayTimeout, "application/problem+json"), (f.Status, f.ContentType)));
        Assert.All(failures.GroupBy(f => f.Client), client => Assert.Single(client));
        Assert.True(slowest < ApiTimeout + TimeSpan.FromSeconds(3), $"slowest answer {slowest}");
        // Requests kept succeeding from the start, and all of them once the gateway had seen the instance fail.
        Assert.Contains(outcomes, o => o.Started < TimeSpan.FromSeconds(1) && o.Status == HttpStatusCode.OK);
        Assert.All(outcomes.Where(o => o.Started > ApiTimeout + TimeSpan.FromSeconds(2)), o => Assert.Equal(HttpStatusCode.OK, o.Status));

        var marker = Marker();
        var back = await EventuallyAsync(async () =>
        {
            using var response = await hub.Client.GetAsync(Search(marker), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Served(frozen, marker) > 0 ? "served" : null;
        }, TimeSpan.FromSeconds(30), intervalMs: 100);
        output.WriteLine($"resumed: served again {sinceResumed.Elapsed.TotalSeconds:F1} s after SIGCONT");
        Assert.True(back is not null, $"{frozen.Name} served nothing in 30 s after it resumed{Environment.NewLine}{hub.Output}");
    }

    [Fact]
    public async Task A_frozen_only_instance_answers_504_within_seconds_reads_and_writes_alike()
    {
        await using var hub = await StartAsync(instances: 1);
        using (var warm = await hub.Client.GetAsync(Search(Marker()), Ct)) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        hub.Directory.Freeze();
        try
        {
            // The write comes once the probes have marked the instance unhealthy: with no other, it is still tried.
            foreach (var request in new Func<HttpRequestMessage>[]
            {
                () => new(HttpMethod.Get, Search(Marker())),
                () => new(HttpMethod.Post, "/api/directory/organizations") { Content = Json("""{"name":"Written While Frozen","country":"CA"}""") },
            })
            {
                using var message = request();
                var watch = Stopwatch.StartNew();
                using var response = await hub.Client.SendAsync(message, Ct);
                var elapsed = watch.Elapsed;
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

                // The whole answer when it is not the expected problem: the status assertion then says which it was.
                output.WriteLine($"{message.Method}: {(int)response.StatusCode} after {elapsed.TotalSeconds:F2} s: {(problem.TryGetProperty("detail", out var detail) ? detail : problem)}");
                Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("directory", problem.GetProperty("detail").GetString());
                Assert.InRange(elapsed, ApiTimeout - TimeSpan.FromSeconds(0.5), ApiTimeout + TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            hub.Directory.Resume();
        }
    }

    private Task<DistributedHub> StartAsync(int instances) => DistributedHub.StartAsync(fixture.Broker.Uri, RequestLogs, Unlimited, instances);

    private static string Marker() => $"probe{Guid.NewGuid():N}";

    /// <summary>A search no other request makes, so that each instance's log tells whether it served it.</summary>
    private static string Search(string marker) => $"/api/directory/organizations?q={marker}";

    /// <summary>How many requests whose address holds <paramref name="marker"/> the instance finished, by its own log.</summary>
    private static int Served(ServiceProcess instance, string marker) =>
        instance.OutputLines.Count(line => line.Contains("Request finished", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal));

    private static string Shares(IEnumerable<ServiceProcess> instances, string marker) =>
        string.Join(" + ", instances.Select(i => $"{i.Name} {Served(i, marker)}"));

    /// <summary>Waits until the instances' logs, written asynchronously, account for <paramref name="count"/> requests.</summary>
    private static async Task AllLoggedAsync(IReadOnlyList<ServiceProcess> instances, string marker, int count)
    {
        await EventuallyAsync(() => Task.FromResult(instances.Sum(i => Served(i, marker)) >= count ? "logged" : null), TimeSpan.FromSeconds(5), intervalMs: 100);
        Assert.Equal(count, instances.Sum(i => Served(i, marker)));
    }

    /// <summary>Searches until every directory instance has served one, so none is starting cold when the test begins.</summary>
    private static async Task WarmUpAsync(DistributedHub hub)
    {
        var marker = Marker();
        var warm = await EventuallyAsync(async () =>
        {
            using var response = await hub.Client.GetAsync(Search(marker), Ct);
            return hub.DirectoryInstances.All(i => Served(i, marker) > 0) ? "warm" : null;
        }, TimeSpan.FromSeconds(20), intervalMs: 50);
        Assert.True(warm is not null, $"not every directory instance was reached{Environment.NewLine}{hub.Output}");
    }

    private sealed record Outcome(int Client, TimeSpan Started, TimeSpan Elapsed, HttpStatusCode Status, string? ContentType)
    {
        public override string ToString() => $"client {Client}: {(int)Status} to a request sent at {Started.TotalSeconds:F2} s, after {Elapsed.TotalSeconds:F2} s";
    }

    /// <summary><see cref="Workers"/> clients, each sending <paramref name="path"/> again 100 ms after every answer, for <paramref name="duration"/>.</summary>
    private static async Task<IReadOnlyList<Outcome>> LoadAsync(HttpClient client, string path, TimeSpan duration)
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                using var response = await client.GetAsync(path, Ct);
                outcomes.Enqueue(new Outcome(worker, started, clock.Elapsed - started, response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                await Task.Delay(100, Ct);
            }
        }));
        return outcomes.OrderBy(o => o.Started).ToList();
    }
}
