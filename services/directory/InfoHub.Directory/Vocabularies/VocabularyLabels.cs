namespace InfoHub.Directory.Vocabularies;

/// <summary>The labels of an organization's vocabulary codes, for search: a member types a theme's name, not its code.</summary>
public static class VocabularyLabels
{
    /// <summary>The facets whose codes have labels, and the vocabulary that holds them.</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Term>> LabelledFacets = new Dictionary<string, IReadOnlyList<Term>>
    {
        ["theme"] = Vocabulary.Themes,
        ["sector"] = Vocabulary.Sectors,
        ["function"] = Vocabulary.Functions,
        ["region"] = Vocabulary.Regions,
        ["country"] = Vocabulary.CountryTerms,
    };

    private static readonly IReadOnlyDictionary<string, Dictionary<string, Term>> ByCode =
        LabelledFacets.ToDictionary(f => f.Key, f => f.Value.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase));

    /// <summary>The labels, in <paramref name="language"/> ("en", "fr" or "es"), of the codes an organization's facets hold.</summary>
    public static IEnumerable<string> Of(IReadOnlyDictionary<string, IReadOnlyList<string>> facets, string language)
    {
        foreach (var (facet, codes) in facets)
        {
            if (!ByCode.TryGetValue(facet, out var terms)) continue;
            foreach (var code in codes)
                if (terms.TryGetValue(code, out var term) && term.Labels.TryGetValue(language, out var label)) yield return label;
        }
    }
}
