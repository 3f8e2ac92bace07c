using InfoHub.Platform.Storage;

namespace InfoHub.Tests.Storage;

/// <summary>
/// What every storage adapter must do. Each adapter runs this same suite: SQLite always, MongoDB where a server
/// can be reached (see <see cref="MongoDocumentStoreTests"/>).
/// </summary>
public abstract class DocumentStoreContract
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
        Assert.Empty(await store.GetPendingAsync(10, Ct));
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
        Assert.Empty(await store.GetPendingAsync(10, Ct));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("stale"), Ct));
    }

    [Fact]
    public async Task Events_are_queued_with_the_change_and_leave_once_marked_sent()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "One"), [Event("Registered")], Ct);
        await store.SaveAsync(Doc("a", 2, "Two"), [Event("Updated")], Ct);
        await store.SaveAsync(Doc("b", 1, "Other"), [Event("OtherRegistered")], Ct);

        var pending = await store.GetPendingAsync(10, Ct);

        Assert.Equal(3, pending.Count);
        var ofA = pending.Where(p => p.DocumentId == "a").Select(p => p.Message.MessageType).ToList();
        Assert.Equal(["InfoHub.Tests.Storage.Registered", "InfoHub.Tests.Storage.Updated"], ofA);
        Assert.All(pending, p => Assert.Equal("organizations", p.Collection));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", pending[0].Message.TraceParent);

        await store.MarkSentAsync(pending.Where(p => p.DocumentId == "a").ToList(), Ct);

        var left = Assert.Single(await store.GetPendingAsync(10, Ct));
        Assert.Equal("b", left.DocumentId);
        Assert.Single(await store.GetPendingAsync(1, Ct));
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
    public async Task Text_search_matches_stemmed_words_in_any_order_and_requires_every_word()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Doc("a", 1, "Peacekeeping operations in Darfur"), [], Ct);
        await store.SaveAsync(Doc("b", 1, "Protection of civilians, women and children"), [], Ct);
        await store.SaveAsync(Doc("c", 1, "Early warning research"), [], Ct);

        Assert.Equal(["a"], Ids(await store.FindAsync("organizations", new SearchQuery("operation"), Ct)));
        Assert.Equal(["b"], Ids(await store.FindAsync("organizations", new SearchQuery("children CIVILIANS"), Ct)));
        Assert.Empty(await store.FindAsync("organizations", new SearchQuery("children darfur"), Ct));
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
    public async Task A_ranked_search_gives_no_cursor()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 3; i++) await store.SaveAsync(Doc($"r{i}", 1, "Prevention"), [], Ct);

        var page = await store.SearchAsync("organizations", new SearchQuery("prevention", 2), Ct);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
    }
}

internal static class DocumentStoreSearch
{
    /// <summary>Just the matching documents of a search.</summary>
    public static async Task<IReadOnlyList<StoredDocument>> FindAsync(this IDocumentStore store, string collection, SearchQuery query, CancellationToken ct) =>
        (await store.SearchAsync(collection, query, ct)).Items;
}
