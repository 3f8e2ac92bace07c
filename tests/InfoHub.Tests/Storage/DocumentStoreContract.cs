using InfoHub.Platform.Storage;

namespace InfoHub.Tests.Storage;

/// <summary>
/// What every storage adapter must do. Each adapter runs this same suite: SQLite always, MongoDB where a server
/// can be reached (see <see cref="MongoDocumentStoreTests"/>).
/// </summary>
public abstract partial class DocumentStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty, initialized store; skips the test when the adapter's server is unavailable.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DocumentChange Doc(string id, long version, string text, string? sortKey = null, string collection = "organizations") =>
        new(collection, id, version, $$"""{"id":"{{id}}","text":"{{text}}","version":{{version}}}""", T0.AddMinutes(version), text, sortKey ?? text.ToLowerInvariant());

    private static OutboxMessage Event(string name) =>
        new(Guid.NewGuid(), "InfoHub.Tests.Storage." + name, $$"""{"name":"{{name}}"}""", T0, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    [Fact]
    public async Task Saved_document_reads_back_with_its_version()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "Amnesty International"), [], Ct);

        var stored = await store.GetAsync("organizations", "a", Ct);

        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Contains("Amnesty International", stored.Json);
        Assert.Equal(T0.AddMinutes(1), stored.UpdatedAt);
        Assert.Null(await store.GetAsync("organizations", "missing", Ct));
        Assert.Null(await store.GetAsync("other-collection", "a", Ct));
    }

    [Fact]
    public async Task Inserting_an_existing_id_conflicts()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "First"), [], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Doc("a", 1, "Second"), [Event("Second")], Ct));

        Assert.Contains("First", (await store.GetAsync("organizations", "a", Ct))!.Json);
        Assert.Empty(await store.GetPendingAsync(10, null, Ct));
    }

    [Fact]
    public async Task Update_from_a_stale_version_conflicts_and_changes_nothing()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [], Ct);
        await store.SaveAsync(Doc("a", 2, "Two"), [], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Doc("a", 2, "Stale"), [Event("Stale")], Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Doc("missing", 2, "Nothing"), [], Ct));

        var stored = await store.GetAsync("organizations", "a", Ct);
        Assert.Equal(2, stored!.Version);
        Assert.Contains("Two", stored.Json);
        Assert.Empty(await store.GetPendingAsync(10, null, Ct));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("stale"), Ct));
    }

    [Fact]
    public async Task Events_are_queued_with_the_change_and_leave_once_marked_sent()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [Event("Registered")], Ct);
        await store.SaveAsync(Doc("a", 2, "Two"), [Event("Updated")], Ct);
        await store.SaveAsync(Doc("b", 1, "Other"), [Event("OtherRegistered")], Ct);

        var pending = await store.GetPendingAsync(10, null, Ct);

        Assert.Equal(3, pending.Count);
        var ofA = pending.Where(p => p.DocumentId == "a").Select(p => p.Message.MessageType).ToList();
        Assert.Equal(["InfoHub.Tests.Storage.Registered", "InfoHub.Tests.Storage.Updated"], ofA);
        Assert.All(pending, p => Assert.Equal("organizations", p.Collection));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", pending[0].Message.TraceParent);

        await store.MarkSentAsync(pending.Where(p => p.DocumentId == "a").ToList(), Ct);

        var left = Assert.Single(await store.GetPendingAsync(10, null, Ct));
        Assert.Equal("b", left.DocumentId);
        Assert.Single(await store.GetPendingAsync(1, null, Ct));
    }

    [Fact]
    public async Task Replica_applies_only_newer_versions()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.ApplyIfNewerAsync(Doc("a", 2, "Two"), Ct));
        Assert.False(await store.ApplyIfNewerAsync(Doc("a", 2, "Two again"), Ct));
        Assert.False(await store.ApplyIfNewerAsync(Doc("a", 1, "One, late"), Ct));
        Assert.True(await store.ApplyIfNewerAsync(Doc("a", 5, "Five"), Ct));

        var stored = await store.GetAsync("organizations", "a", Ct);
        Assert.Equal(5, stored!.Version);
        Assert.Contains("Five", stored.Json);
        Assert.Single(await store.FindAsync("organizations", new SearchQuery("five"), Ct));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("late"), Ct));
    }

    [Fact]
    public async Task Concurrent_replica_writes_keep_the_highest_version()
    {
        var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(1, 20).Reverse().Select(v => store.ApplyIfNewerAsync(Doc("a", v, $"Version{v}"), Ct)));

        Assert.Equal(20, (await store.GetAsync("organizations", "a", Ct))!.Version);
    }

    [Fact]
    public async Task Text_search_matches_stemmed_words_in_any_order_and_ranks_documents_holding_more_of_them_first()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "Peacekeeping operations in Darfur"), [], Ct);
        await store.SaveAsync(Doc("b", 1, "Protection of civilians, women and children"), [], Ct);
        await store.SaveAsync(Doc("c", 1, "Early warning research"), [], Ct);
        for (var i = 0; i < 8; i++) await store.SaveAsync(Doc($"x{i}", 1, $"Unrelated text {i}"), [], Ct);

        Assert.Equal(["a"], Ids(await store.FindAsync("organizations", new SearchQuery("operation"), Ct)));
        Assert.Equal(["b"], Ids(await store.FindAsync("organizations", new SearchQuery("children CIVILIANS"), Ct)));
        Assert.Equal(["b", "a"], Ids(await store.FindAsync("organizations", new SearchQuery("children women darfur"), Ct)));
        Assert.Empty(await store.FindAsync("other-collection", new SearchQuery("darfur"), Ct));
    }

    [Fact]
    public async Task Text_search_ranks_documents_mentioning_the_word_more_first()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("once", 1, "A network for prevention, research, education and many other long unrelated topics of interest"), [], Ct);
        await store.SaveAsync(Doc("often", 1, "Prevention prevention prevention"), [], Ct);

        Assert.Equal(["often", "once"], Ids(await store.FindAsync("organizations", new SearchQuery("prevention"), Ct)));
    }

    [Fact]
    public async Task Text_search_can_order_matches_by_sort_key_instead_of_relevance()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("once", 1, "Prevention and many other words about unrelated matters", sortKey: "a"), [], Ct);
        await store.SaveAsync(Doc("often", 1, "Prevention prevention prevention", sortKey: "b"), [], Ct);

        Assert.Equal(["once", "often"], Ids(await store.FindAsync("organizations", new SearchQuery("prevention", Order: SearchOrder.SortKey), Ct)));
    }

    [Theory]
    [InlineData("\"*) OR (")]
    [InlineData("{\"$gt\": \"\"}")]
    [InlineData("name: NEAR(a b) ^ -x")]
    [InlineData("' OR 1=1 --")]
    public async Task Search_text_with_query_syntax_is_taken_as_plain_words(string text)
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "Refugees International"), [], Ct);

        var found = await store.FindAsync("organizations", new SearchQuery(text), Ct);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Search_returns_at_most_the_maximum_page_and_lists_by_sort_key_without_text()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < SearchQuery.MaxLimit + 20; i++)
        {
            await store.SaveAsync(Doc($"d{i:D3}", 1, $"Organization {i:D3}", sortKey: $"k{(SearchQuery.MaxLimit + 20 - i):D3}"), [], Ct);
        }

        var all = await store.FindAsync("organizations", new SearchQuery(null, 10_000), Ct);
        var text = await store.FindAsync("organizations", new SearchQuery("organization", 10_000), Ct);
        var firstThree = await store.FindAsync("organizations", new SearchQuery(null, 3), Ct);

        Assert.Equal(SearchQuery.MaxLimit, all.Count);
        Assert.Equal(SearchQuery.MaxLimit, text.Count);
        Assert.Equal(["d119", "d118", "d117"], Ids(firstThree));
    }

    private static List<string> Ids(IEnumerable<StoredDocument> documents) => documents.Select(d => d.Id).ToList();

    private static DocumentChange Faceted(string id, long version, string text, params (string Facet, string[] Values)[] facets) =>
        Doc(id, version, text) with { Facets = facets.ToDictionary(f => f.Facet, IReadOnlyList<string> (f) => f.Values) };

    private static Dictionary<string, IReadOnlyList<string>> Filters(params (string Facet, string[] Values)[] filters) =>
        filters.ToDictionary(f => f.Facet, IReadOnlyList<string> (f) => f.Values);

    private async Task<IDocumentStore> ThreeOrganizationsAsync()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Faceted("a", 1, "Early warning network", ("theme", ["prevention", "early-warning"]), ("country", ["SD"])), [], Ct);
        await store.SaveAsync(Faceted("b", 1, "Prevention alliance", ("theme", ["prevention"]), ("country", ["CD"])), [], Ct);
        await store.SaveAsync(Faceted("c", 1, "Peacekeeping monitors network", ("theme", ["peacekeeping"]), ("country", ["SD", "CD"])), [], Ct);
        return store;
    }

    [Fact]
    public async Task Facet_filters_require_one_value_of_every_named_facet_and_combine_with_text()
    {
        var store = await ThreeOrganizationsAsync();

        Assert.Equal(["a", "b"], Ids(await store.FindAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", ["prevention"]))), Ct)));
        Assert.Equal(["a"], Ids(await store.FindAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", ["prevention"]), ("country", ["SD"]))), Ct)));
        Assert.Equal(["a", "c"], Ids(await store.FindAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", ["prevention", "peacekeeping"]), ("country", ["SD"]))), Ct)));
        Assert.Equal(["c"], Ids(await store.FindAsync("organizations", new SearchQuery("network", Filters: Filters(("country", ["CD"]))), Ct)));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", ["small-arms"]))), Ct));
        Assert.Equal(3, (await store.SearchAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", []))), Ct)).Total);
    }

    [Fact]
    public async Task Each_facet_is_counted_under_every_filter_but_its_own()
    {
        var store = await ThreeOrganizationsAsync();

        var result = await store.SearchAsync("organizations",
            new SearchQuery(null, Filters: Filters(("theme", ["prevention"])), CountFacets: ["theme", "country"]), Ct);

        Assert.Equal(2, result.Total);
        Assert.Equal(new Dictionary<string, int> { ["prevention"] = 2, ["early-warning"] = 1, ["peacekeeping"] = 1 }, result.FacetCounts["theme"]);
        Assert.Equal(new Dictionary<string, int> { ["SD"] = 1, ["CD"] = 1 }, result.FacetCounts["country"]);

        var withText = await store.SearchAsync("organizations", new SearchQuery("network", CountFacets: ["country"]), Ct);
        Assert.Equal(2, withText.Total);
        Assert.Equal(new Dictionary<string, int> { ["SD"] = 2, ["CD"] = 1 }, withText.FacetCounts["country"]);
    }

    [Fact]
    public async Task Facets_follow_every_change_of_the_document()
    {
        var store = await ThreeOrganizationsAsync();
        await store.SaveAsync(Faceted("a", 2, "Early warning network", ("theme", ["early-warning"]), ("country", ["SD"])), [], Ct);
        Assert.True(await store.ApplyIfNewerAsync(Faceted("d", 1, "Replica", ("theme", ["prevention"])), Ct));

        var result = await store.SearchAsync("organizations", new SearchQuery(null, CountFacets: ["theme"]), Ct);

        Assert.Equal(new Dictionary<string, int> { ["prevention"] = 2, ["early-warning"] = 1, ["peacekeeping"] = 1 }, result.FacetCounts["theme"]);
        Assert.Equal(["b", "d"], Ids(await store.FindAsync("organizations", new SearchQuery(null, Filters: Filters(("theme", ["prevention"]))), Ct)).Order().ToList());
    }

    [Fact]
    public async Task The_total_counts_every_match_beyond_the_page()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 30; i++) await store.SaveAsync(Faceted($"d{i:D2}", 1, $"Organization {i}", ("scope", [i % 3 == 0 ? "national" : "local"])), [], Ct);

        var result = await store.SearchAsync("organizations", new SearchQuery("organization", 5, Filters: Filters(("scope", ["national"])), CountFacets: ["scope"]), Ct);

        Assert.Equal(5, result.Items.Count);
        Assert.Equal(10, result.Total);
        Assert.Equal(new Dictionary<string, int> { ["national"] = 10, ["local"] = 20 }, result.FacetCounts["scope"]);
    }

    [Fact]
    public async Task Cursor_pages_never_repeat_or_skip_a_document_while_others_are_inserted()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 50; i += 1) await store.SaveAsync(Faceted($"e{i * 2:D3}", 1, "Organization", ("scope", ["national"])) with { SortKey = $"k{i * 2:D3}" }, [], Ct);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await store.SearchAsync("organizations", new SearchQuery("organization", 7, SearchOrder.SortKey, Filters(("scope", ["national"])), After: after), Ct);
            seen.AddRange(Ids(page.Items));
            after = page.Next;
            // Meanwhile others register organizations before and after the reader's position.
            await store.SaveAsync(Faceted($"o{pages * 2 + 1:D3}", 1, "Organization", ("scope", ["national"])) with { SortKey = $"k{pages * 2 + 1:D3}" }, [], Ct);
            await store.SaveAsync(Faceted($"z{pages:D3}", 1, "Organization", ("scope", ["national"])) with { SortKey = $"z{pages:D3}" }, [], Ct);
            pages++;
        }
        while (after is not null && pages < 50);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var originals = Enumerable.Range(0, 50).Select(i => $"e{i * 2:D3}").ToList();
        Assert.Equal(originals, seen.Where(id => id.StartsWith('e')).ToList());
        Assert.True(pages < 50, "paging never ended");
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("")]
    public async Task A_cursor_this_API_never_issued_is_refused(string cursor)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync("organizations", new SearchQuery(null, After: cursor), Ct));
    }

    [Fact]
    public async Task Relevance_pages_continue_in_rank_order_to_the_end_without_repeating_or_skipping()
    {
        var store = await CreateStoreAsync();
        // Scores differ by how often the word occurs; ties (same text) are broken by sort key, then id.
        var texts = new[] { "Prevention", "Prevention prevention", "Prevention prevention prevention", "Prevention and research" };
        for (var i = 0; i < 11; i++) await store.SaveAsync(Doc($"r{i:D2}", 1, texts[i % texts.Length], sortKey: $"k{i % 3}"), [], Ct);
        await store.SaveAsync(Doc("other", 1, "Research"), [], Ct);
        var all = Ids(await store.FindAsync("organizations", new SearchQuery("prevention", SearchQuery.MaxLimit), Ct));

        var paged = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.SearchAsync("organizations", new SearchQuery("prevention", 3, After: cursor), Ct);
            paged.AddRange(page.Items.Select(d => d.Id));
            cursor = page.Next;
            Assert.True(++pages <= 5, "The cursor never ran out.");
        }
        while (cursor is not null);

        Assert.Equal(11, all.Count);
        Assert.Equal(all, paged);
        Assert.Equal(["r06", "r10", "r02"], all.Take(3)); // three mentions each, then by sort key k0, k1, k2
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SearchAsync("organizations", new SearchQuery("prevention", 3, SearchOrder.SortKey, After: SearchCursor.Encode(SearchOrder.Relevance, SearchCursor.RankKey(1, "k0"), "r00")), Ct));
    }

    private static DocumentChange At(DocumentChange change, double minutes) => change with { UpdatedAt = T0.AddMinutes(minutes) };

    private static Dictionary<string, int> Counts(params (string Value, int Count)[] counts) => counts.ToDictionary(c => c.Value, c => c.Count);

    [Fact]
    public async Task A_tombstone_is_invisible_to_reads_searches_totals_and_facet_counts_yet_keeps_its_version()
    {
        var store = await ThreeOrganizationsAsync();
        await store.SaveAsync(Faceted("a", 2, "Early warning network", ("theme", ["prevention"]), ("country", ["SD"])) with { Deleted = true }, [Event("Removed")], Ct);

        Assert.Null(await store.GetAsync("organizations", "a", Ct));
        var all = await store.SearchAsync("organizations", new SearchQuery(null, CountFacets: ["theme", "country"]), Ct);
        Assert.Equal(["c", "b"], Ids(all.Items)); // by name: "Peacekeeping …", "Prevention …"
        Assert.Equal(2, all.Total);
        Assert.Equal(Counts(("prevention", 1), ("peacekeeping", 1)), all.FacetCounts["theme"]);
        Assert.Equal(Counts(("CD", 2), ("SD", 1)), all.FacetCounts["country"]);
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("warning"), Ct));
        Assert.Equal(["c"], Ids(await store.FindAsync("organizations", new SearchQuery("network"), Ct)));
        Assert.Equal(1, (await store.SearchAsync("organizations", new SearchQuery(null, Filters: Filters(("country", ["SD"]))), Ct)).Total);
        Assert.DoesNotContain("a", Ids(await store.FindAsync("organizations", new SearchQuery(null, Order: SearchOrder.Newest), Ct)));
        Assert.Equal("InfoHub.Tests.Storage.Removed", Assert.Single(await store.GetPendingAsync(10, null, Ct)).Message.MessageType);

        // The version stays: a replica's older event is refused, and the id cannot be inserted again.
        Assert.False(await store.ApplyIfNewerAsync(Doc("a", 1, "Late update"), Ct));
        Assert.False(await store.ApplyIfNewerAsync(Doc("a", 2, "Same version"), Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Doc("a", 1, "Reused id"), [Event("Reused")], Ct));
        Assert.Null(await store.GetAsync("organizations", "a", Ct));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("late"), Ct));
        Assert.Single(await store.GetPendingAsync(10, null, Ct));

        // Its next version is a document again.
        await store.SaveAsync(Doc("a", 3, "Restored network"), [], Ct);
        Assert.Equal(3, (await store.GetAsync("organizations", "a", Ct))!.Version);
        Assert.Equal(["a", "c"], Ids(await store.FindAsync("organizations", new SearchQuery("network", Order: SearchOrder.SortKey), Ct)).Order().ToList());
    }

    [Fact]
    public async Task A_replica_tombstone_for_an_unknown_id_blocks_a_later_older_event()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.ApplyIfNewerAsync(Doc("x", 3, "Removed") with { Deleted = true }, Ct));
        Assert.False(await store.ApplyIfNewerAsync(Doc("x", 2, "Late update"), Ct));
        Assert.True(await store.ApplyIfNewerAsync(Doc("y", 1, "Kept"), Ct));
        Assert.True(await store.ApplyIfNewerAsync(Doc("y", 2, "Kept") with { Deleted = true }, Ct));
        Assert.False(await store.ApplyIfNewerAsync(Doc("y", 1, "Kept"), Ct));

        Assert.Null(await store.GetAsync("organizations", "x", Ct));
        Assert.Null(await store.GetAsync("organizations", "y", Ct));
        var all = await store.SearchAsync("organizations", new SearchQuery(null), Ct);
        Assert.Empty(all.Items);
        Assert.Equal(0, all.Total);
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("late"), Ct));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("kept"), Ct));
    }

    [Fact]
    public async Task SaveAll_stores_every_write_with_its_events()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [], Ct);

        await store.SaveAllAsync(
        [
            new(Doc("a", 2, "Two"), [Event("AUpdated")]),
            new(Doc("b", 1, "Bee"), [Event("BRegistered")]),
            new(Doc("c", 1, "Sea", collection: "other-collection"), []),
        ], Ct);

        Assert.Contains("Two", (await store.GetAsync("organizations", "a", Ct))!.Json);
        Assert.Equal(1, (await store.GetAsync("organizations", "b", Ct))!.Version);
        Assert.NotNull(await store.GetAsync("other-collection", "c", Ct));
        Assert.Equal(["b"], Ids(await store.FindAsync("organizations", new SearchQuery("bee"), Ct)));
        var pending = await store.GetPendingAsync(10, null, Ct);
        Assert.Equal(["a", "b"], pending.Select(p => p.DocumentId).Order().ToList());
        Assert.Equal(
            ["InfoHub.Tests.Storage.AUpdated", "InfoHub.Tests.Storage.BRegistered"],
            pending.Select(p => p.Message.MessageType).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task A_conflict_in_the_last_write_of_SaveAll_stores_none_of_the_writes_and_queues_none_of_their_events()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [], Ct);

        foreach (var conflicting in new[] { Doc("a", 1, "Inserted again"), Doc("a", 5, "Stale update") })
        {
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAllAsync(
            [
                new(Doc("b", 1, "Bee"), [Event("BRegistered")]),
                new(Doc("c", 1, "Sea", collection: "other-collection"), [Event("CRegistered")]),
                new(conflicting, [Event("Conflicting")]),
            ], Ct));

            Assert.Null(await store.GetAsync("organizations", "b", Ct));
            Assert.Null(await store.GetAsync("other-collection", "c", Ct));
            var a = await store.GetAsync("organizations", "a", Ct);
            Assert.Equal(1, a!.Version);
            Assert.Contains("One", a.Json);
            Assert.Empty(await store.GetPendingAsync(10, null, Ct));
            Assert.Empty(await store.FindAsync("organizations", new SearchQuery("bee"), Ct));
        }

        await store.SaveAllAsync([new(Doc("b", 1, "Bee"), [])], Ct);
        Assert.NotNull(await store.GetAsync("organizations", "b", Ct));
    }

    [Fact]
    public async Task Scan_lists_every_document_by_id_in_pages_including_tombstones_flagged_deleted()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "s4", "s0", "T1", "s6", "s2", "s1", "s5", "s3" }) await store.SaveAsync(Doc(id, 1, "Organization"), [], Ct);
        await store.SaveAsync(Doc("s2", 2, "Organization") with { Deleted = true }, [], Ct);
        await store.ApplyIfNewerAsync(Doc("s7", 4, "Organization") with { Deleted = true }, Ct);
        await store.SaveAsync(Doc("s8", 1, "Elsewhere", collection: "other-collection"), [], Ct);

        var pages = new List<IReadOnlyList<StoredDocument>>();
        string? after = null;
        do
        {
            pages.Add(await store.ScanAsync("organizations", after, 3, Ct));
            after = pages[^1].Count > 0 ? pages[^1][^1].Id : null;
        }
        while (after is not null && pages.Count < 10);

        Assert.Equal([3, 3, 3, 0], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(["T1", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"], Ids(all));
        Assert.Equal(["s2", "s7"], Ids(all.Where(d => d.Deleted)));
        Assert.Equal(2, all.Single(d => d.Id == "s2").Version);
        Assert.Equal(4, all.Single(d => d.Id == "s7").Version);
        Assert.Single(await store.ScanAsync("organizations", null, 0, Ct));
        Assert.Equal(9, (await store.ScanAsync("organizations", null, 5_000, Ct)).Count);
        Assert.Equal(["s8"], Ids(await store.ScanAsync("other-collection", null, 10, Ct)));
    }

    [Fact]
    public async Task Newest_order_lists_the_most_recently_updated_first()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(At(Doc("a", 1, "Organization a"), 1), [], Ct);
        await store.SaveAsync(At(Doc("b", 1, "Organization b"), 3), [], Ct);
        await store.SaveAsync(At(Doc("c", 1, "Organization c"), 2), [], Ct);
        await store.SaveAsync(At(Doc("d", 1, "Organization d"), 3), [], Ct);
        await store.SaveAsync(At(Doc("a", 2, "Organization a"), 10), [], Ct);

        Assert.Equal(["a", "d", "b", "c"], Ids(await store.FindAsync("organizations", new SearchQuery(null, Order: SearchOrder.Newest), Ct)));
        Assert.Equal(["a", "d", "b", "c"], Ids(await store.FindAsync("organizations", new SearchQuery("organization", Order: SearchOrder.Newest), Ct)));
        var firstTwo = await store.SearchAsync("organizations", new SearchQuery(null, 2, SearchOrder.Newest), Ct);
        Assert.Equal(["a", "d"], Ids(firstTwo.Items));
        Assert.Equal(4, firstTwo.Total);
        Assert.NotNull(firstTwo.Next);
    }

    [Fact]
    public async Task Newest_order_pages_never_repeat_or_skip_a_document_while_others_are_inserted()
    {
        var store = await CreateStoreAsync();
        // Pairs share an update time, so the id decides between them.
        for (var i = 0; i < 50; i++) await store.SaveAsync(At(Faceted($"e{i:D3}", 1, "Organization", ("scope", ["national"])), i / 2), [], Ct);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await store.SearchAsync("organizations", new SearchQuery("organization", 7, SearchOrder.Newest, Filters(("scope", ["national"])), After: after), Ct);
            seen.AddRange(Ids(page.Items));
            after = page.Next;
            // Meanwhile others register organizations, newer than any and older than any.
            await store.SaveAsync(At(Faceted($"n{pages:D3}", 1, "Organization", ("scope", ["national"])), 1_000 + pages), [], Ct);
            await store.SaveAsync(At(Faceted($"o{pages:D3}", 1, "Organization", ("scope", ["national"])), -1_000 - pages), [], Ct);
            pages++;
        }
        while (after is not null && pages < 50);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var originals = Enumerable.Range(0, 50).OrderByDescending(i => i / 2).ThenByDescending(i => i).Select(i => $"e{i:D3}").ToList();
        Assert.Equal(originals, seen.Where(id => id.StartsWith('e')).ToList());
        Assert.DoesNotContain(seen, id => id.StartsWith('n'));
        Assert.True(pages < 50, "paging never ended");
    }

    [Fact]
    public async Task A_cursor_is_refused_by_any_order_but_its_own()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++) await store.SaveAsync(At(Doc($"d{i}", 1, $"Organization {i}"), i), [], Ct);

        var byName = (await store.SearchAsync("organizations", new SearchQuery(null, 2, SearchOrder.SortKey), Ct)).Next;
        var newest = (await store.SearchAsync("organizations", new SearchQuery(null, 2, SearchOrder.Newest), Ct)).Next;

        Assert.NotNull(byName);
        Assert.NotNull(newest);
        Assert.Equal(["d2", "d3"], Ids(await store.FindAsync("organizations", new SearchQuery(null, 2, SearchOrder.SortKey, After: byName), Ct)));
        Assert.Equal(["d2", "d1"], Ids(await store.FindAsync("organizations", new SearchQuery(null, 2, SearchOrder.Newest, After: newest), Ct)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync("organizations", new SearchQuery(null, 2, SearchOrder.Newest, After: byName), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync("organizations", new SearchQuery(null, 2, SearchOrder.SortKey, After: newest), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync("organizations", new SearchQuery(null, 2, After: newest), Ct));
    }
}

internal static class DocumentStoreSearch
{
    /// <summary>Just the matching documents of a search.</summary>
    public static async Task<IReadOnlyList<StoredDocument>> FindAsync(this IDocumentStore store, string collection, SearchQuery query, CancellationToken ct) =>
        (await store.SearchAsync(collection, query, ct)).Items;
}
