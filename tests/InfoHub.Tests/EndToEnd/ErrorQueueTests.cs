using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>
/// Invalid events against the contacts process on a real broker. Each test sends
/// its messages straight to the queue's exchange, as a faulty or newer producer would.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ErrorQueueTests(BrokerFixture fixture)
{
    private const string Queue = "contacts-organization-updated";
    private const string ErrorQueue = Queue + "_error";
    private const string OrganizationUpdated = "InfoHub.Contracts.Directory.OrganizationUpdated";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An <c>OrganizationUpdated</c> as it travels, with the fields it is given (null ones sent as null, absent ones left out).</summary>
    private static Dictionary<string, object?> Updated(Guid id, string? name = "Asia Pacific Centre for R2P") => new()
    {
        ["eventId"] = Guid.NewGuid(), ["organizationId"] = id, ["version"] = 2, ["occurredAt"] = DateTimeOffset.UtcNow,
        ["name"] = name, ["country"] = "AU",
    };

    [Fact]
    public async Task An_event_missing_a_required_field_goes_to_the_error_queue_at_once_naming_the_field()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        await using var broker = await RawBroker.ConnectAsync(fixture.Broker.Uri);
        await broker.PurgeAsync(ErrorQueue);
        var (nullName, noCountry) = (Guid.NewGuid(), Guid.NewGuid());
        var withoutCountry = Updated(noCountry);
        withoutCountry.Remove("country");

        var watch = Stopwatch.StartNew();
        await broker.PublishAsync(Queue, OrganizationUpdated, Updated(nullName, name: null));
        await broker.PublishAsync(Queue, OrganizationUpdated, withoutCountry);
        var faulted = await EventuallyAsync(async () => await broker.PeekAsync(ErrorQueue) is { Count: 2 } messages ? messages : null, TimeSpan.FromSeconds(15), 100);

        // The default retry schedule (100 ms, 500 ms, 2 s, 5 s) would have kept them 7.6 s.
        Assert.True(faulted is not null, $"not in {ErrorQueue} after 15 s{Environment.NewLine}{hub.Output}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        var invalid = faulted.Single(m => m.Body.Contains(nullName.ToString()));
        Assert.Equal("InfoHub.Platform.Messaging.InvalidMessageException", invalid.Header("MT-Fault-ExceptionType"));
        Assert.Equal("Invalid OrganizationUpdated: name is missing.", invalid.Header("MT-Fault-Message"));
        Assert.Equal("fault", invalid.Header("MT-Reason"));
        var malformed = faulted.Single(m => m.Body.Contains(noCountry.ToString()));
        Assert.Contains("country", malformed.Header("MT-Fault-Message"));
        Assert.All(faulted, m => Assert.True(m.Header("MT-Fault-RetryCount") is null or "0", $"retried {m.Header("MT-Fault-RetryCount")} times"));
        Assert.Null(await hub.Client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{nullName}"));
    }
}
