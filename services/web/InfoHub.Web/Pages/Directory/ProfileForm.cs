using System.Globalization;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Directory;

/// <summary>
/// The profile as the edit form holds it: the fields a member or the secretariat edits in the browser, in the shapes a
/// form posts (a list of checked codes, working languages as one line of tags). What the form does not show (the logo,
/// the membership) is carried over from the entry as it is.
/// </summary>
public sealed class ProfileForm
{
    /// <summary>The version the form was filled from: the change is refused (412) if the entry moved on since.</summary>
    public long Version { get; set; }
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string? Country { get; set; }
    public string? Description { get; set; }
    public string? Website { get; set; }
    public string? Scope { get; set; }
    /// <summary>Working languages as typed: BCP 47 tags separated by commas or spaces ("en, fr").</summary>
    public string? Languages { get; set; }
    public List<string> Sectors { get; set; } = [];
    public List<string> Regions { get; set; } = [];
    public List<string> Countries { get; set; } = [];
    public List<string> Themes { get; set; } = [];
    public List<string> Functions { get; set; } = [];
    /// <summary>The translations, then one blank to add a language.</summary>
    public List<TranslationForm> Translations { get; set; } = [];

    public static ProfileForm From(Organization o) => new()
    {
        Version = o.Version,
        Name = o.Name,
        Acronym = o.Acronym,
        Country = o.Country,
        Description = o.Description,
        Website = o.Website,
        Scope = o.Scope,
        Languages = string.Join(", ", o.Languages),
        Sectors = [.. o.Sectors],
        Regions = [.. o.Regions],
        Countries = [.. o.Countries],
        Themes = [.. o.Themes],
        Functions = [.. o.Functions],
        Translations = [.. o.Translations.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TranslationForm { Language = t.Key, Name = t.Value.Name, Acronym = t.Value.Acronym, Description = t.Value.Description, Existing = true })],
    };

    /// <summary>A blank translation for a language the profile does not have yet, after the existing ones.</summary>
    public ProfileForm WithBlankTranslation()
    {
        if (Translations.All(t => t.Existing)) Translations.Add(new TranslationForm());
        return this;
    }

    /// <summary>
    /// The body of <c>PUT /api/directory/organizations/{id}</c>: this form's fields over <paramref name="entry"/>'s others.
    /// A translation whose fields are all empty is left out (removed); the API validates everything else.
    /// </summary>
    public object ToRequest(Organization entry) => new
    {
        name = Name,
        acronym = Acronym,
        country = Country,
        description = Description,
        website = Website,
        logoUrl = entry.LogoUrl,
        scope = string.IsNullOrEmpty(Scope) ? null : Scope,
        languages = LanguageTags(Languages),
        sectors = Sectors,
        regions = Regions,
        countries = Countries,
        themes = Themes,
        functions = Functions,
        translations = Translations
            .Where(t => !string.IsNullOrWhiteSpace(t.Language) && !t.IsEmpty)
            .GroupBy(t => t.Language!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (object)new { name = g.First().Name, acronym = g.First().Acronym, description = g.First().Description }),
        membership = entry.Membership is { } m
            ? new
            {
                status = m.Status,
                joinedOn = m.JoinedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                workingGroups = m.WorkingGroups,
                campaigns = m.Campaigns,
                optedOutOf = m.OptedOutOf,
            }
            : null,
    };

    public static List<string> LanguageTags(string? typed) =>
        [.. (typed ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

public sealed class TranslationForm
{
    public string? Language { get; set; }
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string? Description { get; set; }
    /// <summary>A translation the profile had when the form was filled (its language is fixed; emptying it removes it).</summary>
    public bool Existing { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Acronym) && string.IsNullOrWhiteSpace(Description);
}
