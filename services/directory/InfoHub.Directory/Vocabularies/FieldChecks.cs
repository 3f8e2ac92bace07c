using System.Globalization;
using System.Text.RegularExpressions;
using InfoHub.Platform.Http;

namespace InfoHub.Directory.Vocabularies;

/// <summary>The directory's field checks: vocabulary codes, countries, language tags, links and dates, each naming its field.</summary>
public static partial class FieldChecks
{
    public const int MaxListItems = 50;

    /// <summary>
    /// Distinct codes of <paramref name="vocabulary"/>, in the order given; unknown ones are errors, named
    /// <c>field[i]</c> in bodies and, with <paramref name="indexed"/> false, <c>field</c> for repeated query parameters.
    /// </summary>
    public static IReadOnlyList<string> Codes(this FieldErrors errors, string field, IReadOnlyList<string?>? values, IReadOnlyList<Term> vocabulary, bool indexed = true)
    {
        var result = new List<string>();
        foreach (var (value, i) in Items(errors, field, values))
        {
            var code = value.Trim().ToLowerInvariant();
            if (vocabulary.Any(t => t.Code == code)) { if (!result.Contains(code)) result.Add(code); }
            else errors.Add(indexed ? $"{field}[{i}]" : field, $"'{value}' is not one of the codes of GET /api/directory/vocabularies/{NameOf(vocabulary)}.");
        }
        return result;
    }

    public static string? Code(this FieldErrors errors, string field, string? value, IReadOnlyList<Term> vocabulary, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"'{field}' is required.");
            return null;
        }
        var code = value.Trim().ToLowerInvariant();
        if (vocabulary.Any(t => t.Code == code)) return code;
        errors.Add(field, $"'{value}' is not one of the codes of GET /api/directory/vocabularies/{NameOf(vocabulary)}.");
        return null;
    }

    public static IReadOnlyList<string> CountryCodes(this FieldErrors errors, string field, IReadOnlyList<string?>? values, bool indexed = true)
    {
        var result = new List<string>();
        foreach (var (value, i) in Items(errors, field, values))
        {
            if (Countries.Normalize(value.Trim()) is { } code) { if (!result.Contains(code)) result.Add(code); }
            else errors.Add(indexed ? $"{field}[{i}]" : field, $"'{value}' is not an ISO 3166-1 alpha-2 country code.");
        }
        return result;
    }

    /// <summary>BCP 47 language tags ("en", "fr", "pt-BR", "zh-Hans"), normalized to their usual case.</summary>
    public static IReadOnlyList<string> LanguageTags(this FieldErrors errors, string field, IReadOnlyList<string?>? values, bool indexed = true)
    {
        var result = new List<string>();
        foreach (var (value, i) in Items(errors, field, values))
        {
            if (LanguageTag(value) is { } tag) { if (!result.Contains(tag)) result.Add(tag); }
            else errors.Add(indexed ? $"{field}[{i}]" : field, $"'{value}' is not a BCP 47 language tag such as \"fr\" or \"pt-BR\".");
        }
        return result;
    }

    public static string? LanguageTag(string? value)
    {
        if (value is null || !LanguagePattern().IsMatch(value.Trim())) return null;
        var parts = value.Trim().Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                2 => parts[i].ToUpperInvariant(),
                4 => char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant(),
                _ => parts[i].ToLowerInvariant(),
            };
        }
        return string.Join('-', parts);
    }

    /// <summary>Free-text labels (working groups, campaigns): trimmed, distinct, each at most <paramref name="max"/> characters.</summary>
    public static IReadOnlyList<string> Labels(this FieldErrors errors, string field, IReadOnlyList<string?>? values, int max = 100)
    {
        var result = new List<string>();
        foreach (var (value, i) in Items(errors, field, values))
        {
            var label = errors.Text($"{field}[{i}]", value, max, min: 2, required: true);
            if (label is not null && !result.Contains(label, StringComparer.OrdinalIgnoreCase)) result.Add(label);
        }
        return result;
    }

    /// <summary>An absolute http or https address.</summary>
    public static string? Link(this FieldErrors errors, string field, string? value)
    {
        var text = errors.Text(field, value, 2_000);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0)
            return uri.ToString();
        errors.Add(field, $"'{field}' must be an absolute http or https address.");
        return null;
    }

    /// <summary>A calendar date, written YYYY-MM-DD.</summary>
    public static DateOnly? Date(this FieldErrors errors, string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"'{field}' is required (YYYY-MM-DD).");
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 1900 and <= 2200)
            return date;
        errors.Add(field, $"'{field}' must be a date written YYYY-MM-DD.");
        return null;
    }

    private static IEnumerable<(string Value, int Index)> Items(FieldErrors errors, string field, IReadOnlyList<string?>? values)
    {
        if (values is null) yield break;
        if (values.Count > MaxListItems)
        {
            errors.Add(field, $"'{field}' may hold at most {MaxListItems} values.");
            yield break;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i])) errors.Add($"{field}[{i}]", $"'{field}[{i}]' must not be empty.");
            else yield return (values[i]!, i);
        }
    }

    private static string NameOf(IReadOnlyList<Term> vocabulary) =>
        Vocabulary.ByName.FirstOrDefault(v => ReferenceEquals(v.Value, vocabulary)).Key ?? "";

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex LanguagePattern();
}
