using System.Globalization;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Shared.Localization;

/// <summary>
/// Names of codes in the reader's language: vocabulary terms (the directory labels them in English, French and Spanish),
/// situations (named per language where the secretariat gave a name) and working languages (BCP 47 tags).
/// </summary>
public sealed class Labels(Vocabularies vocabularies, IReadOnlyDictionary<string, Situation> situations)
{
    /// <summary>The reader's interface language: en, fr or es (by the culture's name: without ICU, its other properties are the invariant culture's).</summary>
    public static string Language => CultureInfo.CurrentUICulture.Name.Split('-')[0] is ("fr" or "es") and var language ? language : "en";

    public string Of(string facet, string code)
    {
        if (facet == "situation") return situations.TryGetValue(code, out var situation) ? SituationName(situation) : code;
        if (facet == "language") return LanguageName(code);
        var vocabulary = Facets.Ordered.FirstOrDefault(f => f.Name == facet).Vocabulary;
        return vocabulary is null ? code : vocabularies.Label(vocabulary, code, Language);
    }

    public string Term(string vocabulary, string code) => vocabularies.Label(vocabulary, code, Language);

    /// <summary>A country by its ISO code, in the reader's language; <paramref name="name"/> (another service's English name) when the directory does not know the code.</summary>
    public string Country(string code, string? name = null) => Term("countries", code) is var label && label != code ? label : name ?? code;

    /// <summary>Every term of a vocabulary, as (code, label in the reader's language), by label: the options of a form.</summary>
    public IReadOnlyList<(string Code, string Label)> Terms(string vocabulary) => vocabularies.Terms(vocabulary, Language);

    /// <summary>The languages the portal names, by tag: the choices for a new translation.</summary>
    public static IEnumerable<string> NamedLanguages => LanguageNames.Keys;

    public static string SituationName(Situation situation) => situation.Names.GetValueOrDefault(Language) ?? situation.Name;

    /// <summary>Working languages: the UN's six and the network's usual ones are named; any other shows as its tag.</summary>
    public static string LanguageName(string tag) =>
        LanguageNames.TryGetValue(tag.Split('-')[0].ToLowerInvariant(), out var names) ? names[Language switch { "fr" => 1, "es" => 2, _ => 0 }] : tag;

    private static readonly Dictionary<string, string[]> LanguageNames = new()
    {
        ["en"] = ["English", "anglais", "inglés"],
        ["fr"] = ["French", "français", "francés"],
        ["es"] = ["Spanish", "espagnol", "español"],
        ["ar"] = ["Arabic", "arabe", "árabe"],
        ["zh"] = ["Chinese", "chinois", "chino"],
        ["ru"] = ["Russian", "russe", "ruso"],
        ["pt"] = ["Portuguese", "portugais", "portugués"],
        ["sw"] = ["Swahili", "swahili", "suajili"],
        ["rn"] = ["Kirundi", "kirundi", "kirundi"],
        ["de"] = ["German", "allemand", "alemán"],
    };
}
