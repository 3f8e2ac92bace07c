using System.Text.RegularExpressions;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Digests;

/// <summary>The secretariat asks for a draft of a period, in a language (the configured one by default).</summary>
public sealed record DraftRequest
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Language { get; init; }

    public const int MaxDays = 62;

    public bool Validate(DateOnly today, FieldErrors errors)
    {
        if (From is null) errors.Add("from", "'from' is the period's first day, such as \"2026-11-23\".");
        if (To is null) errors.Add("to", "'to' is the period's last day, such as \"2026-11-29\".");
        if (From is { } from && To is { } to)
        {
            if (to < from) errors.Add("to", "'to' must not be before 'from'.");
            else if (to.DayNumber - from.DayNumber >= MaxDays) errors.Add("to", $"A digest covers at most {MaxDays} days.");
            if (from > today) errors.Add("from", "The period has not begun yet.");
        }
        if (Language is not null && !DigestInput.IsLanguage(Language)) errors.Add("language", "'language' is a BCP 47 tag such as \"en\", \"fr\" or \"es\".");
        return !errors.Any;
    }
}

/// <summary>
/// A draft as the secretariat edits it: title, introduction, translations, and the items in the order they should read.
/// An item keeps its id (and so its source) when it has one; an item without an id is the secretariat's own note.
/// Items left out are removed.
/// </summary>
public sealed partial record DigestInput
{
    public string? Title { get; init; }
    public string? Introduction { get; init; }
    public Dictionary<string, DigestTextInput?>? Translations { get; init; }
    public List<DigestItemInput?>? Items { get; init; }

    public const int MaxItems = 500;

    public Digest? Apply(Digest draft, FieldErrors errors)
    {
        var title = errors.Text("title", Title, 200, min: 3, required: true);
        var introduction = errors.Text("introduction", Introduction, 4_000);
        var translations = new SortedDictionary<string, DigestText>(StringComparer.Ordinal);
        foreach (var (language, text) in Translations ?? [])
        {
            if (!IsLanguage(language) || language == draft.Language) errors.Add($"translations.{language}", $"'{language}' is not a BCP 47 tag other than the digest's own language ({draft.Language}).");
            var translatedTitle = errors.Text($"translations.{language}.title", text?.Title, 200, min: 3, required: true);
            var translatedIntroduction = errors.Text($"translations.{language}.introduction", text?.Introduction, 4_000);
            if (translatedTitle is not null) translations[language] = new DigestText(translatedTitle, translatedIntroduction);
        }
        if (Items is null) errors.Add("items", "'items' lists the digest's items in order (an empty list removes them all).");
        else if (Items.Count > MaxItems) errors.Add("items", $"A digest holds at most {MaxItems} items.");
        var existing = draft.Items.ToDictionary(i => i.Id);
        var items = new List<DigestItem>();
        for (var i = 0; i < (Items?.Count ?? 0); i++)
        {
            if (Items![i] is not { } input) { errors.Add($"items[{i}]", "An item is an object."); continue; }
            if (input.Read($"items[{i}]", draft.Language, existing, errors) is { } item)
            {
                if (items.Any(x => x.Id == item.Id)) errors.Add($"items[{i}].id", $"Item {item.Id} is listed twice.");
                else items.Add(item);
            }
        }
        return errors.Any ? null : draft with { Title = title!, Introduction = introduction, Translations = translations, Items = items };
    }

    public static bool IsLanguage(string? tag) => tag is { Length: <= 35 } && LanguageTag().IsMatch(tag);

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}

public sealed record DigestTextInput
{
    public string? Title { get; init; }
    public string? Introduction { get; init; }
}

public sealed partial record DigestItemInput
{
    public Guid? Id { get; init; }
    public string? Section { get; init; }
    public string? Headline { get; init; }
    public string? Summary { get; init; }
    public string? Link { get; init; }
    public string? Language { get; init; }
    public List<string?>? Situations { get; init; }
    public List<string?>? Themes { get; init; }
    public Dictionary<string, DigestItemTextInput?>? Translations { get; init; }

    public DigestItem? Read(string field, string digestLanguage, IReadOnlyDictionary<Guid, DigestItem> existing, FieldErrors errors)
    {
        DigestItem? kept = null;
        if (Id is { } id && !existing.TryGetValue(id, out kept)) errors.Add($"{field}.id", $"The draft has no item {id}; leave 'id' out for a new note.");
        var section = Section?.Trim() ?? kept?.Section ?? DigestSections.Note;
        if (!DigestSections.InOrder.Contains(section)) errors.Add($"{field}.section", $"'section' is one of {string.Join(", ", DigestSections.InOrder)}.");
        var headline = errors.Text($"{field}.headline", Headline, 300, min: 2, required: true);
        var summary = errors.Text($"{field}.summary", Summary, 2_000);
        string? link = null;
        if (!string.IsNullOrWhiteSpace(Link))
        {
            if (Uri.TryCreate(Link.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && Link.Length <= 500) link = uri.AbsoluteUri;
            else errors.Add($"{field}.link", "'link' is an absolute http or https address of at most 500 characters.");
        }
        var language = Language?.Trim() ?? kept?.Language ?? digestLanguage;
        if (!DigestInput.IsLanguage(language)) errors.Add($"{field}.language", "'language' is a BCP 47 tag such as \"fr\".");
        var situations = Codes($"{field}.situations", Situations, errors);
        var themes = Codes($"{field}.themes", Themes, errors);
        var translations = new SortedDictionary<string, DigestItemText>(StringComparer.Ordinal);
        foreach (var (tag, text) in Translations ?? [])
        {
            if (!DigestInput.IsLanguage(tag) || tag == language) errors.Add($"{field}.translations.{tag}", $"'{tag}' is not a BCP 47 tag other than the item's language ({language}).");
            var h = errors.Text($"{field}.translations.{tag}.headline", text?.Headline, 300, min: 2, required: true);
            var s = errors.Text($"{field}.translations.{tag}.summary", text?.Summary, 2_000);
            if (h is not null) translations[tag] = new DigestItemText(h, s);
        }
        if (errors.Any) return null;
        return new DigestItem
        {
            Id = kept?.Id ?? Guid.CreateVersion7(), Section = section, Headline = headline!, Summary = summary, Link = link, Language = language,
            Situations = situations, Themes = themes, Translations = translations, Source = kept?.Source, At = kept?.At,
        };
    }

    private static List<string> Codes(string field, List<string?>? values, FieldErrors errors)
    {
        var codes = new List<string>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var code = values![i]?.Trim();
            if (code is { Length: <= 60 } && Code().IsMatch(code)) codes.Add(code);
            else errors.Add($"{field}[{i}]", "A code is lower-case letters, digits and single hyphens, such as \"darfur\".");
        }
        return codes.Distinct().ToList();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Code();
}

public sealed record DigestItemTextInput
{
    public string? Headline { get; init; }
    public string? Summary { get; init; }
}

/// <summary>A correction to a published digest, in its language and, where given, in others.</summary>
public sealed record ErratumInput
{
    public string? Text { get; init; }
    public Guid? ItemId { get; init; }
    public Dictionary<string, string?>? Translations { get; init; }

    public DigestErratum? Read(Digest digest, DateTimeOffset at, FieldErrors errors)
    {
        var text = errors.Text("text", Text, 2_000, min: 3, required: true);
        if (ItemId is { } item && digest.Items.All(i => i.Id != item)) errors.Add("itemId", $"Digest {digest.Id} has no item {item}.");
        var translations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tag, translated) in Translations ?? [])
        {
            if (!DigestInput.IsLanguage(tag) || tag == digest.Language) errors.Add($"translations.{tag}", $"'{tag}' is not a BCP 47 tag other than the digest's language ({digest.Language}).");
            if (errors.Text($"translations.{tag}", translated, 2_000, min: 3, required: true) is { } t) translations[tag] = t;
        }
        return errors.Any ? null : new DigestErratum(Guid.CreateVersion7(at), at, text!, ItemId, translations);
    }
}
