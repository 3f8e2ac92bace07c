using System.Globalization;
using System.Text.RegularExpressions;
using InfoHub.NewsDigest.Documents;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Developments;

/// <summary>A development as the secretariat sends it: every field a string (or a list of them) so that each error names its field.</summary>
public sealed partial record DevelopmentInput
{
    public const int MaxListItems = 50;

    public string? Headline { get; init; }
    public string? Summary { get; init; }
    /// <summary>Markdown.</summary>
    public string? Body { get; init; }
    /// <summary>YYYY-MM-DD: the day it happened.</summary>
    public string? Date { get; init; }
    public string? Link { get; init; }
    public string? Organ { get; init; }
    public List<string?>? Situations { get; init; }
    public List<string?>? Themes { get; init; }
    public string? Language { get; init; }
    public Dictionary<string, TranslationInput?>? Translations { get; init; }
    public List<string?>? Documents { get; init; }

    /// <summary>The situation ids named, as they will be looked up (trimmed, lower case).</summary>
    public IEnumerable<string> SituationIds => (Situations ?? []).Select(Situation).OfType<string>();

    /// <param name="knownSituations">The situations of <see cref="SituationIds"/> the directory has defined.</param>
    /// <param name="today">Today in UTC: a development cannot have happened after tomorrow (anywhere on Earth).</param>
    /// <returns>The development's content (no id, version or times yet), or the errors.</returns>
    public (Development? Valid, FieldErrors Errors) Validate(IReadOnlySet<string> knownSituations, DateOnly today)
    {
        var errors = new FieldErrors();
        var (headline, summary, body) = Texts(errors, "", Headline, Summary, Body);
        var date = Day(errors, "date", Date, required: true);
        if (date is { } day && (day > today.AddDays(1) || day.Year < 1945)) errors.Add("date", "'date' is the day it happened: from 1945 up to today.");
        var link = AbsoluteLink(errors, "link", Link);
        string? organ = null;
        if (Organ is null) errors.Add("organ", "'organ' is required.");
        else if (UnOrgans.Names.TryParse(Organ, out var parsed)) organ = UnOrgans.Names.Of(parsed);
        else errors.Add("organ", $"'organ' must be one of {string.Join(", ", UnOrgans.All)}.");

        var situations = Each(errors, "situations", Situations, (value, field) =>
        {
            var id = Situation(value) ?? value;
            return SituationReplicas.CheckKnown(errors, field, id, knownSituations) ? id : null;
        });
        var themes = Each(errors, "themes", Themes, (value, field) =>
        {
            var code = value.Trim().ToLowerInvariant();
            if (Slug().IsMatch(code) && code.Length <= 60) return code;
            errors.Add(field, $"'{value}' is not a theme code: lower-case letters, digits and single hyphens, such as \"protection-of-civilians\".");
            return null;
        });
        var documents = Each(errors, "documents", Documents, (value, field) =>
        {
            if (UnSymbol.TryParse(value, today.Year, out var symbol, out var problem)) return symbol.Canonical;
            errors.Add(field, problem!);
            return null;
        });

        var language = LanguageTag(Language);
        if (language is null) errors.Add("language", "'language' is required: a BCP 47 tag such as \"en\", \"fr\" or \"es\".");
        var translations = new SortedDictionary<string, DevelopmentText>(StringComparer.Ordinal);
        foreach (var (key, translation) in Translations ?? [])
        {
            var field = $"translations.{key}";
            var tag = LanguageTag(key);
            if (tag is null) errors.Add(field, $"'{key}' is not a BCP 47 language tag such as \"fr\".");
            else if (tag == language) errors.Add(field, $"'{key}' is the development's own language; a translation is in another.");
            else if (translation is null) errors.Add(field, $"'{field}' must hold a headline and a summary.");
            else if (translations.ContainsKey(tag)) errors.Add(field, $"'{key}' is given twice.");
            else
            {
                var (h, s, b) = Texts(errors, field + ".", translation.Headline, translation.Summary, translation.Body);
                if (h is not null && s is not null) translations[tag] = new DevelopmentText(h, s, b ?? "", MarkdownHtml.Render(b));
            }
        }

        if (errors.Any) return (null, errors);
        return (new Development
        {
            Headline = headline!, Summary = summary!, Body = body ?? "", BodyHtml = MarkdownHtml.Render(body), Date = date!.Value, Link = link,
            Organ = organ!, Situations = situations, Themes = themes, Language = language!, Translations = translations, Documents = documents,
        }, errors);
    }

    private static (string? Headline, string? Summary, string? Body) Texts(FieldErrors errors, string prefix, string? headline, string? summary, string? body) =>
        (errors.Text(prefix + "headline", headline, 200, min: 5, required: true),
         errors.Text(prefix + "summary", summary, 1_000, min: 10, required: true),
         errors.Text(prefix + "body", body, 20_000));

    private static string? Situation(string? value) => value?.Trim().ToLowerInvariant() is { Length: >= 2 and <= 60 } id && Slug().IsMatch(id) ? id : null;

    /// <summary>Distinct values, in the order given, each checked by <paramref name="check"/> (null when refused), errors named <c>field[i]</c>.</summary>
    public static IReadOnlyList<string> Each(FieldErrors errors, string field, List<string?>? values, Func<string, string, string?> check)
    {
        if (values is null) return [];
        if (values.Count > MaxListItems)
        {
            errors.Add(field, $"'{field}' may hold at most {MaxListItems} values.");
            return [];
        }
        var result = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i])) errors.Add($"{field}[{i}]", $"'{field}[{i}]' must not be empty.");
            else if (check(values[i]!, $"{field}[{i}]") is { } ok && !result.Contains(ok)) result.Add(ok);
        }
        return result;
    }

    /// <summary>A calendar date written YYYY-MM-DD.</summary>
    public static DateOnly? Day(FieldErrors errors, string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"'{field}' is required (YYYY-MM-DD).");
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, $"'{field}' must be a date written YYYY-MM-DD.");
        return null;
    }

    public static string? AbsoluteLink(FieldErrors errors, string field, string? value)
    {
        var text = errors.Text(field, value, 2_000);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0) return uri.AbsoluteUri;
        errors.Add(field, $"'{field}' must be an absolute http or https address.");
        return null;
    }

    /// <summary>A BCP 47 tag ("en", "fr", "pt-BR", "zh-Hans") in its usual case, or null.</summary>
    public static string? LanguageTag(string? value)
    {
        if (value is null || !LanguagePattern().IsMatch(value.Trim())) return null;
        return string.Join('-', value.Trim().Split('-').Select((part, i) => i == 0 ? part.ToLowerInvariant() : part.Length switch
        {
            2 => part.ToUpperInvariant(),
            4 => char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant(),
            _ => part.ToLowerInvariant(),
        }));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    public static partial Regex Slug();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex LanguagePattern();
}

public sealed record TranslationInput
{
    public string? Headline { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
}
