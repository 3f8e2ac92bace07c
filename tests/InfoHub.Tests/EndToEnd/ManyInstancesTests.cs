using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using RabbitMQ.Client;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>Two processes of directory and two of contacts, each pair on one store, behind the gateway, on one broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ManyInstancesTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ReplicaComparison> ConvergedAsync(DistributedHub hub, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        var comparison = ReplicaComparison.Of(hub);
        while (!comparison.Equal && DateTime.UtcNow < until)
        {
            await Task.Delay(200, Ct);
            comparison = ReplicaComparison.Of(hub);
        }
        return comparison;
    }

    [Fact]
    public async Task Concurrent_updates_through_both_directory_instances_leave_every_replica_equal_to_the_directory()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri, instances: 2);
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            using var created = await hub.Client.PostAsync("/api/directory/organizations", Json(JsonSerializer.Serialize(new { name = $"Twin Instance Organization {i:D2}", country = "NG" })), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
        }

        // Eight writers at once, the gateway spreading them over both directory instances; several change the same
        // organization at the same moment, which the store settles by version.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var codes = new List<HttpStatusCode>();
            for (var round = 0; round < 15; round++)
            {
                var id = ids[(writer * 7 + round * 3) % ids.Count];
                using var response = await hub.Client.PutAsync($"/api/directory/organizations/{id}",
                    Json(JsonSerializer.Serialize(new { name = $"Twin Instance Organization renamed by {writer} in round {round}", country = "NG" })), Ct);
                codes.Add(response.StatusCode);
            }
            return codes;
        }, Ct)));
        Assert.All(statuses.SelectMany(s => s), code => Assert.Equal(HttpStatusCode.OK, code));

        var comparison = await ConvergedAsync(hub, TimeSpan.FromSeconds(30));
        Assert.True(comparison.Equal, $"{comparison}{Environment.NewLine}{hub.Output}");
        Assert.Equal(30, comparison.ContactsCount);

        // Both contacts processes compete for every queue, and the one outbox has nothing left over or set aside.
        var factory = new ConnectionFactory { Uri = fixture.Broker.Uri };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        Assert.Equal(2u, (await channel.QueueDeclarePassiveAsync("contacts-organization-updated", Ct)).ConsumerCount);
        using var directory = hub.CreateClient(hub.Directory.BaseAddress);
        var outbox = await directory.GetFromJsonAsync<JsonElement>("/admin/outbox/directory", Ct);
        Assert.Equal(0, outbox.GetProperty("pending").GetInt32());
        Assert.Equal(0, outbox.GetProperty("parked").GetInt32());
    }
}
