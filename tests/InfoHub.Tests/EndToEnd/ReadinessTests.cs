using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>What <c>/health/ready</c> tells an orchestrator while the broker is away: keep sending requests.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ReadinessTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_whose_broker_is_away_stays_ready_says_so_and_takes_writes()
    {
        await using var proxy = new TcpProxy(fixture.Broker.Host, fixture.Broker.Port);
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Via("127.0.0.1", proxy.Port));
        using var directory = new HttpClient { BaseAddress = hub.Directory.BaseAddress };

        proxy.Block();
        var away = await EventuallyAsync(async () => await HealthAsync(directory, "/health/ready") is { } r && r.Check("broker") != "Healthy" ? r : null, TimeSpan.FromSeconds(30), 200);
        using var write = await hub.Client.PostAsync("/api/directory/organizations", Json("""{"name":"Oxford Institute for Ethics, Law and Armed Conflict","country":"GB"}"""), Ct);
        var waiting = await EventuallyAsync(async () => await HealthAsync(directory, "/health/ready") is { } r && r.OutboxPending("store-directory") > 0 ? r : null, TimeSpan.FromSeconds(10), 200);
        var live = await HealthAsync(directory, "/health/live");

        Assert.True(away is not null, $"the broker never looked away{Environment.NewLine}{hub.Output}");
        Assert.Equal(HttpStatusCode.OK, away.Status);
        Assert.Equal("Degraded", away.Overall);
        Assert.Equal("Degraded", away.Check("broker"));
        Assert.Equal("Healthy", away.Check("store-directory"));
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.True(waiting is not null, "the event never showed as pending");
        Assert.Equal(HttpStatusCode.OK, waiting.Status);
        Assert.Equal(HttpStatusCode.OK, live!.Status);

        proxy.Unblock();
        var back = await EventuallyAsync(async () => await HealthAsync(directory, "/health/ready") is { Overall: "Healthy" } r && r.OutboxPending("store-directory") == 0 ? r : null, TimeSpan.FromSeconds(60), 200);
        Assert.True(back is not null, $"not Healthy with an empty outbox a minute after the broker returned{Environment.NewLine}{hub.Output}");
    }

    private static async Task<Health?> HealthAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return new Health(response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }
}

/// <summary>A health answer: its status code and the JSON report (<c>status</c>, and <c>checks</c> with name, status, description and data).</summary>
public sealed record Health(HttpStatusCode Status, JsonElement Body)
{
    public string? Overall => Body.GetProperty("status").GetString();

    public string? Check(string name) => Entry(name)?.GetProperty("status").GetString();

    public int? OutboxPending(string name) =>
        Entry(name) is { } entry && entry.TryGetProperty("data", out var data) && data.TryGetProperty("outboxPending", out var pending) ? pending.GetInt32() : null;

    private JsonElement? Entry(string name) =>
        Body.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString() == name).Cast<JsonElement?>().FirstOrDefault();
}
