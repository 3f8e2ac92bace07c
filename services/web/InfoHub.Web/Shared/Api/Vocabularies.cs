namespace InfoHub.Web.Shared.Api;

/// <summary>The directory's vocabularies, by name, each term labelled in English, French and Spanish.</summary>
public sealed class Vocabularies(IReadOnlyDictionary<string, IReadOnlyList<Term>> byName)
{
    private readonly Dictionary<string, Dictionary<string, Term>> _terms =
        byName.ToDictionary(v => v.Key, v => v.Value.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase));

    /// <summary>Every term of <paramref name="vocabulary"/>, as (code, label in <paramref name="language"/>), in the order of their labels.</summary>
    public IReadOnlyList<(string Code, string Label)> Terms(string vocabulary, string language) =>
        _terms.TryGetValue(vocabulary, out var terms)
            ? [.. terms.Keys.Select(code => (code, Label(vocabulary, code, language))).OrderBy(t => t.Item2, StringComparer.CurrentCultureIgnoreCase)]
            : [];

    /// <summary>The label of <paramref name="code"/> in <paramref name="language"/>, else in English, else the code itself.</summary>
    public string Label(string vocabulary, string code, string language) =>
        _terms.TryGetValue(vocabulary, out var terms) && terms.TryGetValue(code, out var term)
            ? term.Labels.GetValueOrDefault(language) ?? term.Labels.GetValueOrDefault("en") ?? code
            : code;
}

/// <summary>
/// The search's facets, in the order the portal shows them: each the API's query parameter and facet name, and the
/// vocabulary its codes come from (situations and languages have none: see <see cref="Labels"/>).
/// </summary>
public static class Facets
{
    public static readonly IReadOnlyList<(string Name, string? Vocabulary)> Ordered =
    [
        ("theme", "themes"), ("country", "countries"), ("region", "regions"), ("situation", null), ("sector", "sectors"),
        ("scope", "scopes"), ("language", null), ("membership", "membership"), ("function", "functions"),
    ];

    public static readonly string[] All = [.. Ordered.Select(f => f.Name)];
}
