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
        index.Apply([Document(1, "a", "Sécurité humaine au Sahel"), Document(2, "b", "Securite alimentaire")]);

        Assert.Equal([1L, 2L], Search(index, "securite", SearchOrder.SortKey).Page);
        Assert.Equal([1L], Search(index, "Sahél HUMAINE").Page);
    }

    [Fact]
    public void Many_updates_and_removals_keep_results_and_counts_exact_through_compaction()
    {
        var index = new SearchIndex();
        // 200 documents rewritten 20 times each: 3,800 dead states, compacted away on the way.
        for (var round = 0; round < 20; round++)
            index.Apply(Enumerable.Range(0, 200).Select(i =>
                Document(i, $"d{i:D3}", $"round{round} {(i % 2 == 0 ? "even" : "odd")} words", theme: i % 4 == 0 ? "prevention" : "reaction")));
        index.Apply(Enumerable.Range(0, 50).Select(i => Document(i, $"d{i:D3}", "", deleted: true)));

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
        index.Apply([Document(1, "a", "Mediation support"), Document(2, "b", "Mediators network"), Document(3, "c", "Media monitoring")]);

        Assert.Equal([1L, 2L], Search(index, "mediat", SearchOrder.SortKey).Page);
        Assert.Equal([1L, 2L, 3L], Search(index, "medi", SearchOrder.SortKey).Page);
        Assert.Equal([1L, 2L], Search(index, "mediating", SearchOrder.SortKey).Page); // same stem, "mediat"
    }

    private static IndexAnswer Search(SearchIndex index, string text, SearchOrder order = SearchOrder.Relevance) =>
        index.Search("organizations", new SearchQuery(text, Order: order));

    private static IndexedDocument Document(long seq, string id, string text, string? theme = null, bool deleted = false) =>
        new(seq, "organizations", id, id, "2026-11-23T09:00:00.0000000Z", text,
            theme is null ? null : new Dictionary<string, IReadOnlyList<string>> { ["theme"] = [theme] }, deleted);
}
