using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>
/// Invalid events, events nobody consumes and re-drives, against the contacts process on a real broker. Each test sends
/// its messages straight to the queue's exchange, as a faulty or newer producer would, and empties the error and skipped
/// queues before and after, so that no other test of the broker finds its poison messages there.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ErrorQueueTests(BrokerFixture fixture) : IAsyncLifetime
{
    private const string Queue = "contacts-organization-updated";
    private const string ErrorQueue = Queue + "_error";
    private const string SkippedQueue = Queue + "_skipped";
    private const string OrganizationUpdated = "InfoHub.Contracts.Directory.OrganizationUpdated";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RawBroker _broker = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await RawBroker.ConnectAsync(fixture.Broker.Uri);
        await EmptyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await EmptyAsync();
        await _broker.DisposeAsync();
    }

    private async Task EmptyAsync()
    {
        await _broker.PurgeAsync(ErrorQueue);
        await _broker.PurgeAsync(SkippedQueue);
    }

    /// <summary>An <c>OrganizationUpdated</c> as it travels, with the fields it is given (null ones sent as null, absent ones left out).</summary>
    private static Dictionary<string, object?> Updated(Guid id, string? name = "Asia Pacific Centre for R2P") => new()
    {
        ["eventId"] = Guid.NewGuid(), ["organizationId"] = id, ["version"] = 2, ["occurredAt"] = DateTimeOffset.UtcNow,
        ["name"] = name, ["country"] = "AU",
    };

    private static async Task<(int Errors, int Skipped)> CountsAsync(HttpClient contacts)
    {
        var statuses = await contacts.GetFromJsonAsync<JsonElement>("/admin/messaging/error-queues", Ct);
        var status = statuses.EnumerateArray().Single(s => s.GetProperty("queue").GetString() == Queue);
        return (status.GetProperty("messages").GetInt32(), status.GetProperty("skipped").GetInt32());
    }

    private static async Task<(int Moved, TimeSpan Took)> RedriveAsync(HttpClient contacts, string kind)
    {
        var watch = Stopwatch.StartNew();
        using var response = await contacts.PostAsync($"/admin/messaging/error-queues/{Queue}/redrive?kind={kind}", null, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("moved").GetInt32(), watch.Elapsed);
    }

    [Fact]
    public async Task An_event_missing_a_required_field_goes_to_the_error_queue_at_once_naming_the_field()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var (nullName, noCountry) = (Guid.NewGuid(), Guid.NewGuid());
        var withoutCountry = Updated(noCountry);
        withoutCountry.Remove("country");

        var watch = Stopwatch.StartNew();
        await _broker.PublishAsync(Queue, OrganizationUpdated, Updated(nullName, name: null));
        await _broker.PublishAsync(Queue, OrganizationUpdated, withoutCountry);
        var faulted = await EventuallyAsync(async () => await _broker.PeekAsync(ErrorQueue) is { Count: 2 } messages ? messages : null, TimeSpan.FromSeconds(15), 100);

        // The default retry schedule (100 ms, 500 ms, 2 s, 5 s) would have kept them 7.6 s.
        TestContext.Current.TestOutputHelper?.WriteLine($"2 invalid events in {ErrorQueue} after {watch.Elapsed.TotalSeconds:F2} s");
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

    [Fact]
    public async Task A_redrive_moves_each_message_at_most_once_even_when_it_fails_again_at_once()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var contacts = hub.CreateClient(hub.Contacts.BaseAddress);
        for (var i = 0; i < 3; i++) await _broker.PublishAsync(Queue, OrganizationUpdated, Updated(Guid.NewGuid(), name: null));
        Assert.NotNull(await EventuallyAsync(async () => (await CountsAsync(contacts)).Errors == 3 ? "three" : null, TimeSpan.FromSeconds(15), 100));

        // Poison messages: each comes back to the error queue within milliseconds of being moved.
        var first = await RedriveAsync(contacts, "error");
        var back = await EventuallyAsync(async () => (await CountsAsync(contacts)).Errors == 3 ? "back" : null, TimeSpan.FromSeconds(15), 100);
        var second = await RedriveAsync(contacts, "error");

        TestContext.Current.TestOutputHelper?.WriteLine($"3 poison messages: the first call moved {first.Moved} in {first.Took.TotalSeconds:F2} s, the second {second.Moved} in {second.Took.TotalSeconds:F2} s");
        Assert.Equal(3, first.Moved);
        Assert.True(first.Took < TimeSpan.FromSeconds(5), $"took {first.Took}");
        Assert.NotNull(back);
        Assert.Equal(3, second.Moved);
        var again = await EventuallyAsync(async () => await _broker.PeekAsync(ErrorQueue) is { Count: 3 } messages ? messages : null, TimeSpan.FromSeconds(15), 100);
        Assert.NotNull(again);
        Assert.All(again, m => Assert.NotNull(m.Header("InfoHub-Redrive")));
    }

    [Fact]
    public async Task An_event_no_consumer_handles_is_listed_as_skipped_and_can_be_redriven()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        var contacts = hub.CreateClient(hub.Contacts.BaseAddress);

        // As a newer directory might send before contacts learns the event.
        await _broker.PublishAsync(Queue, "InfoHub.Contracts.Directory.OrganizationMerged", new { eventId = Guid.NewGuid(), organizationId = Guid.NewGuid() });
        var listed = await EventuallyAsync(async () => (await CountsAsync(contacts)).Skipped == 1 ? "listed" : null, TimeSpan.FromSeconds(15), 100);
        var redriven = await RedriveAsync(contacts, "skipped");
        var skippedAgain = await EventuallyAsync(async () => (await CountsAsync(contacts)).Skipped == 1 ? "again" : null, TimeSpan.FromSeconds(15), 100);

        Assert.True(listed is not null, hub.Output);
        Assert.Equal(1, redriven.Moved);
        Assert.NotNull(skippedAgain);
        using var bad = await contacts.PostAsync($"/admin/messaging/error-queues/{Queue}/redrive?kind=dead", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal("kind", (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
    }
}
