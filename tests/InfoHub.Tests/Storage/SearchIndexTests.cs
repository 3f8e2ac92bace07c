using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Indexing;

namespace InfoHub.Tests.Storage;

public sealed class SearchIndexTests
{
    [Theory]
    // Examples from Porter's 1980 paper, step by step, and words of this domain.
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("valenci", "valenc")]
    [InlineData("digitizer", "digit")]
    [InlineData("vietnamization", "vietnam")]
    [InlineData("predication", "predic")]
    [InlineData("operator", "oper")]
    [InlineData("feudalism", "feudal")]
    [InlineData("decisiveness", "decis")]
    [InlineData("hopefulness", "hope")]
    [InlineData("formaliti", "formal")]
    [InlineData("sensitiviti", "sensit")]
    [InlineData("triplicate", "triplic")]
    [InlineData("formative", "form")]
    [InlineData("electriciti", "electr")]
    [InlineData("goodness", "good")]
    [InlineData("revival", "reviv")]
    [InlineData("allowance", "allow")]
    [InlineData("adjustment", "adjust")]
    [InlineData("adoption", "adopt")]
    [InlineData("controll", "control")]
    [InlineData("roll", "roll")]
    [InlineData("probate", "probat")]
    [InlineData("rate", "rate")]
    [InlineData("cease", "ceas")]
    [InlineData("operations", "oper")]
    [InlineData("peacekeeping", "peacekeep")]
    [InlineData("civilians", "civilian")]
    [InlineData("mediation", "mediat")]
    [InlineData("mediator", "mediat")]
    [InlineData("rights", "right")]
    [InlineData("a1", "a1")]
    [InlineData("sécurité", "sécurité")]
    public void Porter_stemmer_strips_suffixes_as_the_algorithm_specifies(string word, string stem) =>
        Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void Words_are_folded_to_lower_case_without_diacritics_and_split_at_anything_but_letters_and_digits()
    {
        var words = new List<string>();
        TextAnalyzer.Words("Sécurité HUMAINE, Côte d'Ivoire — 2026/R2P; Se\u0301curite\u0301 Łódź Ελλάδα", w => words.Add(w.ToString()));

        Assert.Equal(["securite", "humaine", "cote", "d", "ivoire", "2026", "r2p", "securite", "łodz", "ελλαδα"], words);
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
