using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Indexing;

namespace InfoHub.Tests.Storage;

public sealed class SearchIndexTests
{
    [Theory]
    [InlineData("organisation", "Organisations de la société civile")]
    [InlineData("organisations", "Une organisation régionale")]
    [InlineData("organization", "Civil society organizations")]
    [InlineData("derechos humanos", "Defensa del derecho humano a la paz")]
    [InlineData("derecho humano", "Organización de derechos humanos")]
    [InlineData("organizacion", "Organizaciones de mujeres")]
    [InlineData("organizaciones", "Una organización regional")]
    [InlineData("oeuvre", "Mise en œuvre de la responsabilité de protéger")]
    [InlineData("Œuvres", "Oeuvre de paix")]
    [InlineData("securite", "Sécurité humaine")]
    [InlineData("prevencion", "Prevención del genocidio")]
    [InlineData("civilians", "Protection of civilians")]
    [InlineData("Lodz", "Łódź")]
    [InlineData("Strasse", "Straße")]
    [InlineData("Faeroe", "Færøe")]
    [InlineData("Dakovica", "Đakovica")]
    public void A_query_finds_other_inflections_and_spellings_in_english_french_and_spanish(string query, string text)
    {
        var index = new SearchIndex();
        index.Apply([Document("a", text), Document("b", "Unrelated words entirely")]);

        Assert.Equal(["a"], Search(index, query).Page);
    }

    [Fact]
    public void Text_marked_with_its_language_is_stemmed_in_that_language_only()
    {
        var index = new SearchIndex();
        // The English stemmer takes "niños" to "nino" only; the Spanish one takes it, and "niña", to "nin".
        index.Apply([Document("en", SearchText.InLanguage("en", "Niños")), Document("es", SearchText.InLanguage("es", "Niños"))]);

        Assert.Equal(["es"], Search(index, "niña").Page);
        Assert.Equal(["en", "es"], Search(index, "niños", SearchOrder.SortKey).Page);
    }

    [Fact]
    public void Words_are_lower_cased_split_at_anything_but_letters_and_digits_and_folded_without_diacritics()
    {
        var words = new List<(string Folded, string Written)>();
        TextAnalyzer.Words("Sécurité HUMAINE, Côte d'Ivoire — 2026/R2P; Se\u0301curite\u0301 Łódź Ελλάδα Œuvre Straße",
            (folded, written, _) => words.Add((folded.ToString(), written.ToString())));

        Assert.Equal(["securite", "humaine", "cote", "d", "ivoire", "2026", "r2p", "securite", "lodz", "ελλαδα", "oeuvre", "strasse"], words.Select(w => w.Folded));
        Assert.Equal(["sécurité", "humaine", "côte", "d", "ivoire", "2026", "r2p", "securite", "lódź", "ελλάδα", "oeuvre", "strasse"], words.Select(w => w.Written));
    }

    [Fact]
    public void Every_query_word_contributes_and_documents_matching_more_words_rank_first()
    {
        var index = new SearchIndex();
        index.Apply([
            Document("all", "Early warning in Darfur"), Document("two", "Early warning network"), Document("one", "Darfur relief"),
            .. Enumerable.Range(0, 10).Select(i => Document($"x{i}", $"Other topic {i}")),
        ]);

        var answer = Search(index, "darfur early warning");

        Assert.Equal(["all", "two", "one"], answer.Page);
        Assert.Equal(3, answer.Total);
    }

    [Fact]
    public void A_word_most_documents_hold_adds_to_the_rank_but_does_not_make_a_match_alone()
    {
        var index = new SearchIndex();
        index.Apply([
            Document("rare", "Network on Darfur"),
            .. Enumerable.Range(0, 9).Select(i => Document($"n{i}", $"Network number {i}")),
        ]);

        var answer = index.Search("organizations", new SearchQuery("network darfur", CountFacets: ["theme"]));

        Assert.Equal(["rare"], answer.Page);
        Assert.Equal(1, answer.Total);
        Assert.Equal(10, Search(index, "network").Total); // alone, a common word still finds every document holding it
    }

    [Fact]
    public void Without_a_rare_word_a_document_matches_by_holding_half_of_the_words()
    {
        var index = new SearchIndex();
        index.Apply([
            Document("genocide", "Genocide watch"), Document("both", "Prevention in Burundi"), Document("burundi", "Burundi relief"),
            Document("b2", "Burundi radio"), Document("b3", "Burundi youth"),
            .. Enumerable.Range(0, 5).Select(i => Document($"p{i}", $"Prevention work {i}")),
        ]);

        var answer = Search(index, "genocide prevention Burundi", SearchOrder.SortKey);

        Assert.Equal(["both", "genocide"], answer.Page);
    }

    [Fact]
    public void A_rare_word_makes_a_match_alone_but_one_fragment_of_an_id_does_not()
    {
        var index = new SearchIndex();
        index.Apply([
            Document("id", "organization/5d3c8f0e-2b1a-4c6e-9f7d-3a2b1c0d9e8f updated"),
            Document("other", "organization/11111111-2b1a-4aaa-8bbb-cccccccccccc updated"),
            Document("darfur", "Darfur relief"),
            .. Enumerable.Range(0, 6).Select(i => Document($"p{i}", $"Peace work {i}")),
        ]);

        Assert.Equal(["id"], Search(index, "5d3c8f0e-2b1a-4c6e-9f7d-3a2b1c0d9e8f").Page);
        Assert.Equal(["darfur"], Search(index, "Darfur peace prevention").Page);
    }

    [Fact]
    public void When_every_word_is_common_the_matches_are_those_holding_the_most_of_them()
    {
        var index = new SearchIndex();
        index.Apply(Enumerable.Range(0, 8).Select(i => Document($"d{i}", i < 3 ? "regional network" : i < 6 ? "regional office" : "network office")));

        var answer = Search(index, "regional network", SearchOrder.SortKey);

        Assert.Equal(["d0", "d1", "d2"], answer.Page);
    }

    [Fact]
    public void Accented_and_unaccented_spellings_find_each_other()
    {
        var index = new SearchIndex();
        index.Apply([Document("a", "Sécurité humaine au Sahel"), Document("b", "Securite alimentaire")]);

        Assert.Equal(["a", "b"], Search(index, "securite", SearchOrder.SortKey).Page);
        Assert.Equal(["a"], Search(index, "Sahél HUMAINE").Page);
    }

    [Fact]
    public void Many_updates_and_removals_keep_results_and_counts_exact_through_compaction()
    {
        var index = new SearchIndex();
        // 200 documents rewritten 20 times each: 3,800 dead states, compacted away on the way.
        for (var round = 0; round < 20; round++)
            index.Apply(Enumerable.Range(0, 200).Select(i =>
                Document($"d{i:D3}", $"round{round} {(i % 2 == 0 ? "even" : "odd")} words", version: round + 1, theme: i % 4 == 0 ? "prevention" : "reaction")));
        index.Apply(Enumerable.Range(0, 50).Select(i => Document($"d{i:D3}", "", version: 21, deleted: true)));

        var answer = index.Search("organizations", new SearchQuery("even round19", CountFacets: ["theme"]));
        Assert.Equal(75, answer.Total); // even ids 50..198; of those, 52, 56 … 196 are on prevention
        Assert.Equal(new Dictionary<string, int> { ["prevention"] = 37, ["reaction"] = 38 }, answer.FacetCounts["theme"]);
        Assert.Equal(0, index.Search("organizations", new SearchQuery("round18")).Total);
        Assert.Equal(150, index.Count);
    }

    [Fact]
    public void A_word_matches_words_it_begins_and_words_with_the_same_stem()
    {
        var index = new SearchIndex();
        index.Apply([Document("a", "Mediation support"), Document("b", "Mediators network"), Document("c", "Media monitoring")]);

        Assert.Equal(["a", "b"], Search(index, "mediat", SearchOrder.SortKey).Page);
        Assert.Equal(["a", "b", "c"], Search(index, "medi", SearchOrder.SortKey).Page);
        Assert.Equal(["a", "b"], Search(index, "mediating", SearchOrder.SortKey).Page); // same stem, "mediat"
    }

    private static IndexAnswer Search(SearchIndex index, string text, SearchOrder order = SearchOrder.Relevance) =>
        index.Search("organizations", new SearchQuery(text, Order: order));

    [Fact]
    public void A_state_no_newer_than_the_one_indexed_is_ignored_even_after_a_removal()
    {
        var index = new SearchIndex();
        index.Apply([Document("a", "second state", version: 2)]);
        index.Apply([Document("a", "first state", version: 1), Document("a", "second state again", version: 2)]);
        Assert.Equal(["a"], Search(index, "second").Page);
        Assert.Empty(Search(index, "first").Page);
        Assert.Empty(Search(index, "again").Page);

        index.Apply([Document("a", "", version: 3, deleted: true)]);
        index.Apply([Document("a", "late second state", version: 2)]);
        Assert.Equal(0, index.Count);

        index.Apply([Document("a", "brought back", version: 4)]);
        Assert.Equal(["a"], Search(index, "brought").Page);
    }

    private static IndexedDocument Document(string id, string text, long version = 1, string? theme = null, bool deleted = false) =>
        new("organizations", id, version, id, "2026-11-23T09:00:00.0000000Z", text,
            theme is null ? null : new Dictionary<string, IReadOnlyList<string>> { ["theme"] = [theme] }, deleted);
}
