using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using InfoHub.Tests.Identity;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>The directory → bus → contacts story inside the embedded host (in-memory bus, SQLite).</summary>
public sealed class EmbeddedSynchronizationTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>, IAsyncLifetime
{
    /// <summary>Acts as the secretariat: the role that may register and edit any organization.</summary>
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync() => _client = await hub.SecretariatClientAsync();

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rename_in_the_directory_shows_up_in_contacts_within_5_seconds()
    {
        using var registered = await _client.PostAsync("/api/directory/organizations", Json("""{"name":"Physicians for Global Survival","country":"CA"}"""), Ct);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.NotNull(await EventuallyAsync(() => _client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"), TimeSpan.FromSeconds(5)));

        var watch = Stopwatch.StartNew();
        using var renamed = await _client.PutAsync($"/api/directory/organizations/{id}", Json("""{"name":"Physicians for Global Survival (Canada)","country":"CA"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var replica = await EventuallyAsync(async () =>
        {
            var r = await _client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}");
            return r?.Name == "Physicians for Global Survival (Canada)" ? r : null;
        }, TimeSpan.FromSeconds(5));

        Assert.NotNull(replica);
        Assert.Equal(2, replica.Version);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_consumer_in_contacts_continues_the_trace_of_the_HTTP_request()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var consumed = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "InfoHub.Outbox" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId) consumed.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/organizations") { Content = Json("""{"name":"Centre for Humanitarian Dialogue","country":"CH"}""") };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await _client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var consumer = await EventuallyAsync(
            () => Task.FromResult(consumed.FirstOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer)),
            TimeSpan.FromSeconds(5));

        Assert.NotNull(consumer);
        Assert.Contains(consumed, a => a.Source.Name == "InfoHub.Outbox");
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_events_leave_the_replica_at_the_newest_version()
    {
        var bus = hub.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        OrganizationUpdated Version(long v) => new()
        {
            EventId = Guid.NewGuid(), OrganizationId = id, Version = v, OccurredAt = DateTimeOffset.UtcNow,
            Name = $"Save the Children UK v{v}", Country = "GB",
        };

        await bus.Publish(Version(3), Ct);
        await bus.Publish(Version(3), Ct);
        Assert.NotNull(await EventuallyAsync(() => _client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"), TimeSpan.FromSeconds(5)));
        await bus.Publish(new OrganizationRegistered
        {
            EventId = Guid.NewGuid(), OrganizationId = id, Version = 1, OccurredAt = DateTimeOffset.UtcNow,
            Name = "Save the Children UK v1", Country = "GB",
        }, Ct);
        await bus.Publish(Version(2), Ct);
        await bus.Publish(Version(4), Ct);

        var replica = await EventuallyAsync(async () =>
        {
            var r = await _client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}");
            return r?.Version == 4 ? r : null;
        }, TimeSpan.FromSeconds(5));
        await Task.Delay(300, Ct); // let any straggler land
        var settled = await _client.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}");

        Assert.NotNull(replica);
        Assert.Equal(4, settled!.Version);
        Assert.Equal("Save the Children UK v4", settled.Name);
    }
}
