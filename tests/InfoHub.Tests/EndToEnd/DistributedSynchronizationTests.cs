using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using Microsoft.Data.Sqlite;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>Gateway, directory and contacts as separate processes against a real RabbitMQ broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class DistributedSynchronizationTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> RegisterAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync("/api/directory/organizations", Json(JsonSerializer.Serialize(new { name, country = "CA" })), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task RenameAsync(HttpClient client, Guid id, string name)
    {
        using var response = await client.PutAsync($"/api/directory/organizations/{id}", Json(JsonSerializer.Serialize(new { name, country = "CA" })), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<ReplicaView?> ReplicaAtAsync(HttpClient client, Guid id, long version, TimeSpan timeout) =>
        EventuallyAsync(async () =>
        {
            var replica = await client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}");
            return replica?.Version >= version ? replica : null;
        }, timeout);

    [Fact]
    public async Task A_rename_through_the_gateway_reaches_the_contacts_process_within_5_seconds()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var id = await RegisterAsync(hub.Client, "Canadian Peacebuilding Coordinating Committee");
        Assert.NotNull(await ReplicaAtAsync(hub.Client, id, 1, TimeSpan.FromSeconds(10)));

        // The caller's own trace, propagated by its HttpClient as any instrumented client would.
        var traceId = ActivityTraceId.CreateRandom();
        var watch = Stopwatch.StartNew();
        using (var caller = new Activity("partner system").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            using var renamed = await hub.Client.PutAsync($"/api/directory/organizations/{id}",
                Json("""{"name":"Canadian Peacebuilding Coordinating Committee (CPCC)","country":"CA"}"""), Ct);
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }
        var replica = await ReplicaAtAsync(hub.Client, id, 2, TimeSpan.FromSeconds(5));

        Assert.True(replica is not null, $"not replicated within 5 s{Environment.NewLine}{hub.Output}");
        Assert.Equal("Canadian Peacebuilding Coordinating Committee (CPCC)", replica.Name);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");

        // The gateway forwarded the caller's trace: the directory recorded it with the event, for the relay to continue.
        await using var directoryDb = new SqliteConnection($"Data Source={Path.Combine(hub.DataDirectory("directory"), "directory.db")};Mode=ReadOnly");
        await directoryDb.OpenAsync(Ct);
        await using var query = directoryDb.CreateCommand();
        query.CommandText = "SELECT trace_parent FROM outbox WHERE document_id = $id ORDER BY seq DESC LIMIT 1";
        query.Parameters.AddWithValue("$id", id.ToString());
        Assert.StartsWith($"00-{traceId}-", (string)(await query.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task An_organization_removed_through_the_gateway_disappears_from_the_contacts_process()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var id = await RegisterAsync(hub.Client, "Partnership for Effective Peace Operations");
        Assert.NotNull(await ReplicaAtAsync(hub.Client, id, 1, TimeSpan.FromSeconds(10)));

        using (var removed = await hub.Client.DeleteAsync($"/api/directory/organizations/{id}", Ct))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var gone = await EventuallyAsync(async () =>
        {
            using var response = await hub.Client.GetAsync($"/api/contacts/organizations/{id}", Ct);
            return response.StatusCode == HttpStatusCode.NotFound ? "gone" : null;
        }, TimeSpan.FromSeconds(5));
        Assert.True(gone is not null, $"still in contacts after 5 s{Environment.NewLine}{hub.Output}");
    }

    [Fact]
    public async Task A_multi_megabyte_import_passes_the_gateway_and_replicates()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var organizations = Enumerable.Range(0, 1500).Select(i => new
        {
            id = Guid.NewGuid().ToString(), name = $"Bulk Imported Organization {i:D4}", country = "KE",
            description = new string('x', 1500), themes = new[] { "early-warning" },
        }).ToList();
        var body = JsonSerializer.Serialize(new { organizations });
        Assert.True(body.Length > 2_000_000, $"only {body.Length} bytes");

        using var response = await hub.Client.PostAsync("/api/directory/imports", Json(body), Ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {report}");
        Assert.Equal(1500, report.GetProperty("acceptedCount").GetInt32());
        Assert.NotNull(await ReplicaAtAsync(hub.Client, Guid.Parse(organizations[^1].id), 1, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_request_around_the_gateway_gets_the_same_answer_as_through_it()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var id = await RegisterAsync(hub.Client, "Canadian Council of Churches");
        Assert.NotNull(await ReplicaAtAsync(hub.Client, id, 1, TimeSpan.FromSeconds(10)));
        var viaGateway = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = new() { BaseAddress = hub.Gateway.BaseAddress },
            ["partner"] = hub.CreateClient(hub.Gateway.BaseAddress, DistributedHub.PartnerClient, DistributedHub.PartnerSecret),
            ["secretariat"] = hub.Client,
        };
        Uri Direct(string path) => path.StartsWith("/api/contacts", StringComparison.Ordinal) ? hub.Contacts.BaseAddress : hub.Directory.BaseAddress;
        var calls = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, "/api/directory/organizations", """{"name":"Someone new","country":"CA"}"""),
            (HttpMethod.Put, $"/api/directory/organizations/{id}", """{"name":"Canadian Council of Churches","country":"CA"}"""),
            (HttpMethod.Get, $"/api/directory/organizations/{id}", null),
            (HttpMethod.Get, $"/api/contacts/organizations/{id}", null),
        };

        var differences = new List<string>();
        var seen = new HashSet<HttpStatusCode>();
        foreach (var (caller, gatewayClient) in viaGateway)
        {
            foreach (var (method, path, body) in calls)
            {
                using var throughGateway = await gatewayClient.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) }, Ct);
                using var direct = new HttpRequestMessage(method, new Uri(Direct(path), path)) { Content = body is null ? null : Json(body) };
                direct.Headers.Authorization = gatewayClient.DefaultRequestHeaders.Authorization ?? throughGateway.RequestMessage!.Headers.Authorization;
                using var plain = new HttpClient();
                using var around = await plain.SendAsync(direct, Ct);
                seen.Add(around.StatusCode);
                if (throughGateway.StatusCode != around.StatusCode) differences.Add($"{caller} {method} {path}: gateway {(int)throughGateway.StatusCode}, direct {(int)around.StatusCode}");
            }
        }
        viaGateway["anonymous"].Dispose();

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.Superset(new HashSet<HttpStatusCode> { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Created }, seen);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_at_the_service_and_through_the_gateway()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var direct = hub.CreateClient(hub.Directory.BaseAddress);
        var huge = JsonSerializer.Serialize(new { name = "Oversized", country = "CA", description = new string('x', 2 * 1024 * 1024) });

        using var atService = await direct.PostAsync("/api/directory/organizations", Json(huge), Ct);
        using var atGateway = await hub.Client.PostAsync("/api/directory/organizations", Json(huge), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, atService.StatusCode);
        Assert.Equal("application/problem+json", atService.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, atGateway.StatusCode);
        Assert.Equal("application/problem+json", atGateway.Content.Headers.ContentType?.MediaType);
        var page = await direct.GetFromJsonAsync<JsonElement>("/api/directory/organizations?q=oversized", Ct);
        Assert.Equal(0, page.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Writes_during_a_broker_outage_succeed_and_reach_contacts_once_it_returns()
    {
        await using var proxy = new TcpProxy(fixture.Broker.Host, fixture.Broker.Port);
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Via("127.0.0.1", proxy.Port));
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await RegisterAsync(hub.Client, $"North-South Institute {i}"));
        foreach (var id in ids) Assert.NotNull(await ReplicaAtAsync(hub.Client, id, 1, TimeSpan.FromSeconds(10)));

        proxy.Block();

        // Every write succeeds while the broker is unreachable: the events wait in the directory's outbox.
        var final = new Dictionary<Guid, (string Name, long Version)>();
        foreach (var id in ids)
        {
            for (var v = 2; v <= 4; v++) await RenameAsync(hub.Client, id, $"Renamed {id:N} v{v}");
            final[id] = ($"Renamed {id:N} v4", 4);
        }
        var registeredDuringOutage = await RegisterAsync(hub.Client, "United Nations Association in Canada");
        final[registeredDuringOutage] = ("United Nations Association in Canada", 1);

        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        foreach (var id in ids) Assert.Equal(1, (await hub.Client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"))!.Version);
        Assert.Null(await hub.Client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{registeredDuringOutage}"));

        proxy.Unblock();
        var unblockedAt = DateTime.Now.ToString("HH:mm:ss.fff");

        foreach (var (id, (name, version)) in final)
        {
            var replica = await ReplicaAtAsync(hub.Client, id, version, TimeSpan.FromSeconds(60));
            if (replica is null)
            {
                // What was left where: the directory's outbox, and each copy against the directory's files.
                using var directory = hub.CreateClient(hub.Directory.BaseAddress);
                Assert.Fail($"{id} did not reach version {version} in 60 s after the broker returned at {unblockedAt}: {ReplicaComparison.Of(hub)}; " +
                    $"directory outbox {await directory.GetStringAsync("/admin/outbox/directory", Ct)}{Environment.NewLine}{hub.Output}");
            }
            Assert.Equal(name, replica.Name);
            Assert.Equal(version, replica.Version);
        }

        // Both sides reconnected on their own: a fresh write flows as before.
        var afterwards = await RegisterAsync(hub.Client, "Partnership for Effective Peace Operations");
        Assert.True(await ReplicaAtAsync(hub.Client, afterwards, 1, TimeSpan.FromSeconds(10)) is not null, hub.Output);
    }

    [Fact]
    public async Task A_message_that_exhausted_its_retries_is_redriven_from_the_error_queue()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri, new Dictionary<string, string>
        {
            ["Storage__BusyTimeoutSeconds"] = "1",
            ["Messaging__RetryIntervalsMs__0"] = "50",
            ["Messaging__RetryIntervalsMs__1"] = "50",
        });
        var contacts = hub.CreateClient(hub.Contacts.BaseAddress);
        var queue = "contacts-organization-updated";
        var before = await ErrorCountAsync(contacts, queue);
        var id = await RegisterAsync(hub.Client, "International Rescue Committee");
        Assert.NotNull(await ReplicaAtAsync(hub.Client, id, 1, TimeSpan.FromSeconds(10)));

        // Hold the contacts store's write lock so the consumer fails every attempt, as a broken disk would.
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(hub.DataDirectory("contacts"), "contacts.db")}"))
        {
            await blocker.OpenAsync(Ct);
            await using (var exclusive = blocker.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync(Ct);
            }

            await RenameAsync(hub.Client, id, "International Rescue Committee (IRC)");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await ErrorCountAsync(contacts, queue) <= before && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);
            Assert.True(await ErrorCountAsync(contacts, queue) > before, $"the failed message never reached {queue}_error{Environment.NewLine}{hub.Output}");
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(1, (await hub.Client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"))!.Version);

        using var redrive = await contacts.PostAsync($"/admin/messaging/error-queues/{queue}/redrive", null, Ct);
        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        Assert.True((await redrive.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("moved").GetInt32() >= 1);

        var replica = await ReplicaAtAsync(hub.Client, id, 2, TimeSpan.FromSeconds(10));
        Assert.True(replica is not null, hub.Output);
        Assert.Equal("International Rescue Committee (IRC)", replica.Name);
        Assert.Equal(0, await ErrorCountAsync(contacts, queue));
    }

    [Fact]
    public async Task Contacts_whose_queues_the_broker_dropped_while_it_was_away_catches_up_by_itself()
    {
        await using var proxy = new TcpProxy(fixture.Broker.Host, fixture.Broker.Port);
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri, new Dictionary<string, string>
        {
            ["contacts:Messaging__RabbitMq"] = fixture.Broker.Via("127.0.0.1", proxy.Port).ToString(),
            ["Directory__CheckpointInterval"] = "00:00:01",
            ["Contacts__CatchUp__Grace"] = "00:00:02",
            ["Contacts__CatchUp__CheckInterval"] = "00:00:01",
            ["Contacts__CatchUp__MinSnapshotInterval"] = "00:00:05",
        });
        var renamed = await RegisterAsync(hub.Client, "Asia Pacific Centre for the Responsibility to Protect");
        Assert.NotNull(await ReplicaAtAsync(hub.Client, renamed, 1, TimeSpan.FromSeconds(10)));

        // Contacts is cut off, and meanwhile the broker drops its queues (a queue expiry, a rebuilt broker): what the
        // directory publishes now has nowhere to go.
        proxy.Block();
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = fixture.Broker.Uri };
        await using (var connection = await factory.CreateConnectionAsync(Ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Ct))
        {
            foreach (var queue in new[] { "organization-registered", "organization-updated", "organization-removed", "directory-checkpointed", "directory-snapshot-completed" })
                await channel.QueueDeleteAsync($"contacts-{queue}", ifUnused: false, ifEmpty: false, cancellationToken: Ct);
        }
        await RenameAsync(hub.Client, renamed, "Asia Pacific Centre for R2P");
        var registered = await RegisterAsync(hub.Client, "Global Centre for the Responsibility to Protect");
        using var directory = hub.CreateClient(hub.Directory.BaseAddress);
        var published = await EventuallyAsync(async () =>
            (await directory.GetFromJsonAsync<JsonElement>("/admin/outbox/directory", Ct)).GetProperty("pending").GetInt32() == 0 ? "sent" : null,
            TimeSpan.FromSeconds(10));
        Assert.NotNull(published);

        proxy.Unblock();

        // Contacts reconnects and declares its queues again; the next checkpoint shows its copy behind, and a snapshot mends it.
        var replica = await ReplicaAtAsync(hub.Client, renamed, 2, TimeSpan.FromSeconds(60));
        Assert.True(replica is not null, hub.Output);
        Assert.Equal("Asia Pacific Centre for R2P", replica.Name);
        Assert.True(await ReplicaAtAsync(hub.Client, registered, 1, TimeSpan.FromSeconds(10)) is not null, hub.Output);
        Assert.True(ReplicaComparison.Of(hub).Equal, ReplicaComparison.Of(hub).ToString());
    }

    private static async Task<long> ErrorCountAsync(HttpClient service, string queue)
    {
        var statuses = await service.GetFromJsonAsync<JsonElement>("/admin/messaging/error-queues", Ct);
        return statuses.EnumerateArray().Single(s => s.GetProperty("queue").GetString() == queue).GetProperty("messages").GetInt64();
    }
}
