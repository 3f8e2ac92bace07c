using System.Collections.Concurrent;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Sqlite;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfoHub.Tests.Platform;

public sealed record RelayProbe(string Document, int Version);

/// <summary>MassTransit cannot serialize it (its property throws), though it reads back from the outbox: a publish that always fails.</summary>
public sealed record UnpublishableProbe(string Document)
{
    public string Boom => throw new InvalidOperationException("This message cannot be serialized.");
}

/// <summary>
/// The relay against a real MassTransit bus (in memory) and a real SQLite file shared by two stores, as two instances of
/// a service share one store.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(System.IO.Directory.CreateTempSubdirectory("infohub-relay-").FullName, "relay.db");
    private readonly ConcurrentQueue<(Guid MessageId, RelayProbe Probe)> _received = new();
    private readonly List<OutboxRelay> _relays = [];
    private IBusControl _bus = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly OutboxOptions Settings = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        PublishTimeout = TimeSpan.FromSeconds(1),
        MinRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        BatchSize = 50,
        LeaseDuration = TimeSpan.FromSeconds(4),
    };

    public async ValueTask InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingInMemory(cfg => cfg.ReceiveEndpoint("relay-probe", e =>
        {
            // One at a time, so that the order received is the order published.
            e.ConcurrentMessageLimit = 1;
            e.Handler<RelayProbe>(context =>
            {
                _received.Enqueue((context.MessageId!.Value, context.Message));
                return Task.CompletedTask;
            });
        }));
        await _bus.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays) await relay.StopAsync(CancellationToken.None);
        await _bus.StopAsync(CancellationToken.None);
    }

    private async Task<SqliteDocumentStore> StoreAsync()
    {
        var store = new SqliteDocumentStore("test", _file, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return store;
    }

    private async Task<OutboxRelay> StartRelayAsync(IDocumentStore store)
    {
        var relay = new OutboxRelay(store, _bus, Options.Create(Settings), TimeProvider.System, NullLogger<OutboxRelay>.Instance);
        _relays.Add(relay);
        await relay.StartAsync(Ct);
        return relay;
    }

    private static DocumentWrite Write(string document, int version, object @event) =>
        new(new DocumentChange("organizations", document, version, "{}", DateTimeOffset.UtcNow, document), [OutboxMessages.Create(@event, Guid.NewGuid(), DateTimeOffset.UtcNow)]);

    private static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within) =>
        HttpJson.EventuallyAsync(() => Task.FromResult(condition()), within);

    [Fact]
    public async Task Two_instances_on_one_store_publish_every_message_once_and_each_documents_in_order()
    {
        var (first, second) = (await StoreAsync(), await StoreAsync());
        await StartRelayAsync(first);
        await StartRelayAsync(second);

        // 20 documents, 25 versions each, written alternately through both instances while both relays run.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(d => Task.Run(async () =>
        {
            for (var v = 1; v <= 25; v++)
                await (v % 2 == 0 ? first : second).SaveAllAsync([Write($"doc{d}", v, new RelayProbe($"doc{d}", v))], Ct);
        }, Ct)));

        Assert.True(await EventuallyAsync(() => _received.Count >= 500, TimeSpan.FromSeconds(30)), $"received {_received.Count} of 500");
        await Task.Delay(500, Ct); // anything published twice would arrive by now
        var received = _received.ToList();
        Assert.Equal(500, received.Count);
        Assert.Equal(500, received.Select(r => r.MessageId).Distinct().Count());
        foreach (var document in received.GroupBy(r => r.Probe.Document))
            Assert.Equal(Enumerable.Range(1, 25), document.Select(r => r.Probe.Version));
        Assert.Equal(new OutboxCounts(0, 0), await first.CountOutboxAsync(Ct));
    }

    [Fact]
    public async Task When_the_relaying_instance_stops_the_other_takes_over_at_once()
    {
        var (first, second) = (await StoreAsync(), await StoreAsync());
        var holder = await StartRelayAsync(first);
        await first.SaveAllAsync([Write("a", 1, new RelayProbe("a", 1))], Ct);
        Assert.True(await EventuallyAsync(() => _received.Count == 1, TimeSpan.FromSeconds(5)));
        await StartRelayAsync(second);

        await holder.StopAsync(Ct); // a deploy or a scale-in: the lease is handed back
        await second.SaveAllAsync([Write("a", 2, new RelayProbe("a", 2))], Ct);

        Assert.True(await EventuallyAsync(() => _received.Count == 2, TimeSpan.FromSeconds(2)), "the standby relay did not take over at once");
        Assert.Equal([1, 2], _received.Select(r => r.Probe.Version));
    }

    [Fact]
    public async Task When_the_relaying_instance_dies_the_other_takes_over_once_its_lease_expires()
    {
        var store = await StoreAsync();
        // An instance that died holding the lease: nobody hands it back.
        Assert.True(await store.TryHoldLeaseAsync(OutboxRelay.LeaseName, "dead-instance", Settings.LeaseDuration, Ct));
        await store.SaveAllAsync([Write("a", 1, new RelayProbe("a", 1))], Ct);
        var started = DateTime.UtcNow;

        await StartRelayAsync(store);

        Assert.True(await EventuallyAsync(() => _received.Count == 1, Settings.LeaseDuration + TimeSpan.FromSeconds(5)), "the standby relay never took over");
        Assert.True(DateTime.UtcNow - started >= Settings.LeaseDuration - TimeSpan.FromMilliseconds(500), "published while another instance held the lease");
    }

    [Fact]
    public async Task A_message_that_can_never_be_published_is_parked_and_the_documents_later_messages_still_go_out()
    {
        var store = await StoreAsync();
        var good = OutboxMessages.Create(new RelayProbe("a", 1), Guid.NewGuid(), DateTimeOffset.UtcNow);
        await store.SaveAsync(new DocumentChange("organizations", "a", 1, "{}", DateTimeOffset.UtcNow),
        [
            good with { Id = Guid.NewGuid(), MessageType = "InfoHub.Contracts.Directory.NoSuchEvent, InfoHub.Contracts" },
            good with { Id = Guid.NewGuid(), Payload = "{not json" },
            good,
        ], Ct);

        await StartRelayAsync(store);

        Assert.True(await EventuallyAsync(() => _received.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(good.Id, _received.Single().MessageId);
        Assert.True(await HttpJson.EventuallyAsync(async () => await store.CountOutboxAsync(Ct) == new OutboxCounts(0, 2), TimeSpan.FromSeconds(5)));
        var parked = await store.GetParkedAsync(10, Ct);
        Assert.Contains(parked, p => p.Reason.Contains("Unknown message type", StringComparison.Ordinal));
        Assert.Contains(parked, p => p.Reason.Contains("cannot be read as RelayProbe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_document_whose_publishes_keep_failing_does_not_hold_up_the_others()
    {
        var store = await StoreAsync();
        // More failing messages than a batch holds, written first, so they are the oldest.
        await store.SaveAsync(new DocumentChange("organizations", "stuck", 1, "{}", DateTimeOffset.UtcNow),
            [.. Enumerable.Range(0, Settings.BatchSize * 3).Select(_ =>
                new OutboxMessage(Guid.NewGuid(), OutboxMessages.TypeName(typeof(UnpublishableProbe)), """{"document":"stuck"}""", DateTimeOffset.UtcNow))], Ct);
        for (var d = 0; d < 10; d++) await store.SaveAllAsync([Write($"fine{d}", 1, new RelayProbe($"fine{d}", 1))], Ct);

        await StartRelayAsync(store);

        Assert.True(await EventuallyAsync(() => _received.Count == 10, TimeSpan.FromSeconds(5)), $"received {_received.Count} of 10");
        Assert.Equal(new OutboxCounts(Settings.BatchSize * 3, 0), await store.CountOutboxAsync(Ct));
    }
}
