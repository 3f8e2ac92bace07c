using System.Diagnostics;
using InfoHub.Platform.Storage;

namespace InfoHub.Tests.Storage;

/// <summary>The outbox, leases, replica races and search analysis: the same behaviour on every adapter.</summary>
public abstract partial class DocumentStoreContract
{
    [Fact]
    public async Task An_event_saved_after_earlier_ones_were_relayed_is_pending_again()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [Event("Registered")], Ct);
        await store.MarkSentAsync(await store.GetPendingAsync(10, null, Ct), Ct);
        await store.SaveAsync(Doc("a", 2, "Two"), [], Ct);
        Assert.Empty(await store.GetPendingAsync(10, null, Ct));

        await store.SaveAsync(Doc("a", 3, "Three"), [Event("Updated")], Ct);

        var pending = Assert.Single(await store.GetPendingAsync(10, null, Ct));
        Assert.Equal("InfoHub.Tests.Storage.Updated", pending.Message.MessageType);
        await store.MarkSentAsync([pending], Ct);
        await store.SaveAsync(Doc("a", 4, "Four"), [Event("UpdatedAgain")], Ct);
        Assert.Equal("InfoHub.Tests.Storage.UpdatedAgain", Assert.Single(await store.GetPendingAsync(10, null, Ct)).Message.MessageType);
    }

    [Fact]
    public async Task Concurrent_replica_writes_of_versions_1_and_2_of_a_new_id_end_at_2()
    {
        var store = await CreateStoreAsync();

        for (var i = 0; i < 30; i++)
        {
            var id = $"new{i}";
            var results = await Task.WhenAll(
                Task.Run(() => store.ApplyIfNewerAsync(Doc(id, 1, "First"), Ct)),
                Task.Run(() => store.ApplyIfNewerAsync(Doc(id, 2, "Second"), Ct)));

            Assert.Equal(2, (await store.GetAsync("organizations", id, Ct))!.Version);
            Assert.True(results[1]);
        }
        Assert.Equal(30, (await store.SearchAsync("organizations", new SearchQuery("second"), Ct)).Total);
        Assert.Equal(0, (await store.SearchAsync("organizations", new SearchQuery("first"), Ct)).Total);
    }

    [Fact]
    public async Task Plural_and_singular_word_beginnings_and_stop_words_find_the_same_documents()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "An organization for mediation"), [], Ct);
        await store.SaveAsync(Doc("b", 1, "Organizations of the media"), [], Ct);
        await store.SaveAsync(Doc("c", 1, "Early warning"), [], Ct);

        Assert.Equal(["a", "b"], SortedIds(await store.FindAsync("organizations", new SearchQuery("organizations"), Ct)));
        Assert.Equal(["a", "b"], SortedIds(await store.FindAsync("organizations", new SearchQuery("organization"), Ct)));
        Assert.Equal(["a", "b"], SortedIds(await store.FindAsync("organizations", new SearchQuery("medi"), Ct)));
        Assert.Equal(["a"], SortedIds(await store.FindAsync("organizations", new SearchQuery("the mediation"), Ct)));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("the of and"), Ct));
    }

    [Fact]
    public async Task A_cursor_is_never_handed_out_for_an_empty_page()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 4; i++) await store.SaveAsync(At(Doc($"d{i}", 1, $"Organization {i}"), i), [], Ct);

        foreach (var order in new[] { SearchOrder.Relevance, SearchOrder.SortKey, SearchOrder.Newest })
        {
            var text = order == SearchOrder.Relevance ? "organization" : null;
            var first = await store.SearchAsync("organizations", new SearchQuery(text, 2, order), Ct);
            var second = await store.SearchAsync("organizations", new SearchQuery(text, 2, order, After: first.Next), Ct);
            Assert.Equal(2, second.Items.Count);
            Assert.Null(second.Next);
            Assert.Null((await store.SearchAsync("organizations", new SearchQuery(text, 4, order), Ct)).Next);
            Assert.Null((await store.SearchAsync("organizations", new SearchQuery("nothing", 2, order), Ct)).Next);
        }
    }

    [Fact]
    public async Task A_parked_message_is_set_aside_with_its_reason_and_can_be_made_pending_again()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [Event("Poison"), Event("Fine")], Ct);
        var poison = (await store.GetPendingAsync(10, null, Ct))[0];

        await store.ParkAsync(poison, "Unknown message type.", Ct);

        Assert.Equal("InfoHub.Tests.Storage.Fine", Assert.Single(await store.GetPendingAsync(10, null, Ct)).Message.MessageType);
        var parked = Assert.Single(await store.GetParkedAsync(10, Ct));
        Assert.Equal(poison.Message.Id, parked.Pending.Message.Id);
        Assert.Equal("a", parked.Pending.DocumentId);
        Assert.Equal("Unknown message type.", parked.Reason);
        Assert.Equal(new OutboxCounts(1, 1), await store.CountOutboxAsync(Ct));

        Assert.Equal(1, await store.UnparkAsync([poison.Message.Id, Guid.NewGuid()], Ct));

        Assert.Empty(await store.GetParkedAsync(10, Ct));
        Assert.Equal(["InfoHub.Tests.Storage.Poison", "InfoHub.Tests.Storage.Fine"],
            (await store.GetPendingAsync(10, null, Ct)).Select(p => p.Message.MessageType).ToList());
    }

    [Fact]
    public async Task Pending_messages_of_excluded_documents_leave_room_for_the_others()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("stuck", 1, "Stuck"), [.. Enumerable.Range(0, 5).Select(i => Event($"Stuck{i}"))], Ct);
        await store.SaveAsync(Doc("other", 1, "Other"), [Event("Other")], Ct);
        await store.SaveAsync(Doc("stuck", 1, "Stuck", collection: "other-collection"), [Event("SameIdElsewhere")], Ct);

        Assert.All(await store.GetPendingAsync(5, null, Ct), p => Assert.Equal("stuck", p.DocumentId));
        var pending = await store.GetPendingAsync(5, [new DocumentKey("organizations", "stuck")], Ct);

        Assert.Equal(["InfoHub.Tests.Storage.Other", "InfoHub.Tests.Storage.SameIdElsewhere"], pending.Select(p => p.Message.MessageType).ToList());
    }

    [Fact]
    public async Task A_lease_belongs_to_one_holder_until_it_expires()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.TryHoldLeaseAsync("relay", "first", TimeSpan.FromSeconds(1), Ct));
        Assert.False(await store.TryHoldLeaseAsync("relay", "second", TimeSpan.FromSeconds(1), Ct));
        Assert.True(await store.TryHoldLeaseAsync("other", "second", TimeSpan.FromSeconds(1), Ct));
        Assert.True(await store.TryHoldLeaseAsync("relay", "first", TimeSpan.FromSeconds(1), Ct)); // renewed

        await Task.Delay(TimeSpan.FromMilliseconds(1300), Ct);

        Assert.True(await store.TryHoldLeaseAsync("relay", "second", TimeSpan.FromSeconds(30), Ct));
        Assert.False(await store.TryHoldLeaseAsync("relay", "first", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task Concurrent_claims_of_a_free_lease_give_it_to_exactly_one_holder()
    {
        var store = await CreateStoreAsync();

        var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryHoldLeaseAsync("relay", $"holder{i}", TimeSpan.FromSeconds(30), Ct))));

        Assert.Single(won, w => w);
    }

    [Fact]
    public async Task A_hundred_thousand_pending_events_on_one_document_keep_their_order_and_the_document_writable()
    {
        // A long broker outage during heavy editing of one organization: its events pile up. Each is a record of its own,
        // so no document grows (MongoDB would refuse one beyond 16 MB), and the oldest still go out first.
        var store = await CreateStoreAsync();
        var clock = Stopwatch.StartNew();
        for (var version = 1; version <= 10; version++)
        {
            var v = version;
            await store.SaveAsync(Doc("busy", version, $"Version {version}"),
                [.. Enumerable.Range(0, 10_000).Select(i => new OutboxMessage(Guid.NewGuid(), "T", $$"""{"v":{{v}},"i":{{i}}}""", T0.AddMinutes(v)))], Ct);
        }
        await store.SaveAsync(Doc("quiet", 1, "Quiet"), [Event("Quiet")], Ct);
        var saved = clock.Elapsed;

        Assert.Equal(100_001, (await store.CountOutboxAsync(Ct)).Pending);
        var first = await store.GetPendingAsync(200, null, Ct);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $$"""{"v":1,"i":{{i}}}""").ToList(), first.Select(p => p.Message.Payload).ToList());
        await store.MarkSentAsync(first, Ct);
        Assert.Equal("""{"v":1,"i":200}""", (await store.GetPendingAsync(1, null, Ct))[0].Message.Payload);
        Assert.Equal("quiet", Assert.Single(await store.GetPendingAsync(200, [new DocumentKey("organizations", "busy")], Ct)).DocumentId);

        await store.SaveAsync(Doc("busy", 11, "Still writable"), [], Ct);
        Assert.Equal(11, (await store.GetAsync("organizations", "busy", Ct))!.Version);
        Assert.True(saved < TimeSpan.FromMinutes(2), $"saving 100,000 events took {saved}");
    }

    [Fact]
    public async Task A_summary_counts_documents_with_tombstones_and_sums_their_versions()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(new CollectionSummary(0, 0), await store.SummarizeAsync("organizations", Ct));
        await store.SaveAsync(Doc("a", 1, "One"), [], Ct);
        await store.SaveAsync(Doc("a", 2, "Two"), [], Ct);
        await store.SaveAsync(Doc("b", 1, "Other"), [], Ct);
        await store.SaveAsync(Doc("b", 2, "Other") with { Deleted = true }, [], Ct);
        await store.ApplyIfNewerAsync(Doc("c", 7, "Replica"), Ct);
        await store.SaveAsync(Doc("x", 1, "Elsewhere", collection: "other-collection"), [], Ct);

        Assert.Equal(new CollectionSummary(3, 11), await store.SummarizeAsync("organizations", Ct));
    }

    private static List<string> SortedIds(IEnumerable<StoredDocument> documents) => [.. documents.Select(d => d.Id).Order(StringComparer.Ordinal)];
}
