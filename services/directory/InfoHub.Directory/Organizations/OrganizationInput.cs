using System.Diagnostics.CodeAnalysis;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Http;

namespace InfoHub.Directory.Organizations;

/// <summary>The body of a create or replace request. Everything is optional here so validation can name each missing field.</summary>
public sealed record OrganizationInput
{
    /// <summary>Only in imports: keep this id (new organizations) or update the organization that has it.</summary>
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Acronym { get; init; }
    public Dictionary<string, TranslationInput?>? Translations { get; init; }
    public string? Website { get; init; }
    public string? Country { get; init; }
    public string? Description { get; init; }
    public List<string?>? Languages { get; init; }
    public string? LogoUrl { get; init; }
    public List<string?>? Sectors { get; init; }
    public string? Scope { get; init; }
    public List<string?>? Regions { get; init; }
    public List<string?>? Countries { get; init; }
    public List<string?>? Themes { get; init; }
    public List<string?>? Functions { get; init; }
    public MembershipInput? Membership { get; init; }

    public const int MaxName = 200;
    public const int MaxAcronym = 20;
    public const int MaxDescription = 4_000;
    public const int MaxTranslations = 20;

    /// <summary>Returns the cleaned profile, or the errors naming each invalid field.</summary>
    public (OrganizationProfile? Profile, FieldErrors Errors) Validate()
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", Name, MaxName, min: 2, required: true);
        var acronym = errors.Text("acronym", Acronym, MaxAcronym);
        var description = errors.Text("description", Description, MaxDescription);
        var country = Vocabularies.Countries.Normalize(Country?.Trim());
        if (string.IsNullOrWhiteSpace(Country)) errors.Add("country", "'country' is required (ISO 3166-1 alpha-2, e.g. \"CA\").");
        else if (country is null) errors.Add("country", $"'{Country}' is not an ISO 3166-1 alpha-2 country code.");

        var translations = new SortedDictionary<string, OrganizationTranslation>(StringComparer.Ordinal);
        if (Translations is { Count: > MaxTranslations }) errors.Add("translations", $"'translations' may hold at most {MaxTranslations} languages.");
        else
        {
            foreach (var (language, translation) in Translations ?? [])
            {
                var field = $"translations.{language}";
                var tag = FieldChecks.LanguageTag(language);
                if (tag is null) { errors.Add(field, $"'{language}' is not a BCP 47 language tag such as \"fr\" or \"pt-BR\"."); continue; }
                if (translation is null) { errors.Add(field, $"'{field}' must be an object with name, acronym or description."); continue; }
                var t = new OrganizationTranslation
                {
                    Name = errors.Text($"{field}.name", translation.Name, MaxName, min: 2),
                    Acronym = errors.Text($"{field}.acronym", translation.Acronym, MaxAcronym),
                    Description = errors.Text($"{field}.description", translation.Description, MaxDescription),
                };
                if (t.Name is null && t.Acronym is null && t.Description is null) errors.Add(field, $"'{field}' must give a name, an acronym or a description.");
                else if (!translations.TryAdd(tag, t)) errors.Add(field, $"'{tag}' is given twice.");
            }
        }

        var profile = new OrganizationProfile(name!, acronym, country!, description)
        {
            Translations = translations,
            Website = errors.Link("website", Website),
            LogoUrl = errors.Link("logoUrl", LogoUrl),
            Languages = errors.LanguageTags("languages", Languages),
            Sectors = errors.Codes("sectors", Sectors, Vocabulary.Sectors),
            Scope = errors.Code("scope", Scope, Vocabulary.Scopes),
            Regions = errors.Codes("regions", Regions, Vocabulary.Regions),
            Countries = errors.CountryCodes("countries", Countries),
            Themes = errors.Codes("themes", Themes, Vocabulary.Themes),
            Functions = errors.Codes("functions", Functions, Vocabulary.Functions),
            Membership = Membership?.Validate(errors),
        };
        return errors.Any ? (null, errors) : (profile, errors);
    }
}

public sealed record TranslationInput
{
    public string? Name { get; init; }
    public string? Acronym { get; init; }
    public string? Description { get; init; }
}

public sealed record MembershipInput
{
    public string? Status { get; init; }
    public string? JoinedOn { get; init; }
    public List<string?>? WorkingGroups { get; init; }
    public List<string?>? Campaigns { get; init; }
    public List<string?>? OptedOutOf { get; init; }

    public OrganizationMembership? Validate(FieldErrors errors)
    {
        var status = errors.Code("membership.status", Status, Vocabulary.Membership, required: true);
        var membership = new OrganizationMembership
        {
            Status = status ?? "",
            JoinedOn = errors.Date("membership.joinedOn", JoinedOn),
            WorkingGroups = errors.Labels("membership.workingGroups", WorkingGroups),
            Campaigns = errors.Labels("membership.campaigns", Campaigns),
            OptedOutOf = errors.Labels("membership.optedOutOf", OptedOutOf),
        };
        foreach (var both in membership.Campaigns.Intersect(membership.OptedOutOf, StringComparer.OrdinalIgnoreCase))
            errors.Add("membership.optedOutOf", $"'{both}' is both a campaign taken part in and one opted out of.");
        return status is null ? null : membership;
    }
}

/// <summary>
/// A validated profile: everything of an organization's entry but its activities and bookkeeping. A new profile field is
/// declared here once (the stored <see cref="Organization"/> inherits it), read from the request in
/// <see cref="OrganizationInput"/>, carried by the events (<see cref="Organization.State{T}"/>) and given a CSV column
/// (<c>OrganizationCsv</c>); tests fail when one of those is missed.
/// </summary>
public record OrganizationProfile
{
    public OrganizationProfile() { }

    [SetsRequiredMembers]
    public OrganizationProfile(string name, string? acronym, string country, string? description) =>
        (Name, Acronym, Country, Description) = (name, acronym, country, description);

    public required string Name { get; init; }
    public string? Acronym { get; init; }
    /// <summary>Headquarters country, ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, OrganizationTranslation> Translations { get; init; } = new Dictionary<string, OrganizationTranslation>();
    public string? Website { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public string? LogoUrl { get; init; }
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public string? Scope { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<string> Functions { get; init; } = [];
    public OrganizationMembership? Membership { get; init; }
}
