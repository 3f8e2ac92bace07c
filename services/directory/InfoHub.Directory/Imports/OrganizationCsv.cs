using System.Text.Json;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Http;

namespace InfoHub.Directory.Imports;

/// <summary>
/// The organization columns of a CSV import and export, each declared once with how it is read into an
/// <see cref="OrganizationInput"/> and written from one, plus one column per translated field and language
/// (<c>name.fr</c>, <c>description.es</c>, …).
/// </summary>
public static class OrganizationCsv
{
    private sealed record Column(string Name, Func<OrganizationInput, string?> Get, Func<OrganizationInput, string?, OrganizationInput> Set);

    private static readonly Column[] Columns =
    [
        new("id", i => i.Id, (i, v) => i with { Id = v }),
        new("name", i => i.Name, (i, v) => i with { Name = v }),
        new("acronym", i => i.Acronym, (i, v) => i with { Acronym = v }),
        new("country", i => i.Country, (i, v) => i with { Country = v }),
        new("description", i => i.Description, (i, v) => i with { Description = v }),
        new("website", i => i.Website, (i, v) => i with { Website = v }),
        new("logoUrl", i => i.LogoUrl, (i, v) => i with { LogoUrl = v }),
        new("languages", i => Csv.Join(i.Languages), (i, v) => i with { Languages = Csv.List(v) }),
        new("sectors", i => Csv.Join(i.Sectors), (i, v) => i with { Sectors = Csv.List(v) }),
        new("scope", i => i.Scope, (i, v) => i with { Scope = v }),
        new("regions", i => Csv.Join(i.Regions), (i, v) => i with { Regions = Csv.List(v) }),
        new("countries", i => Csv.Join(i.Countries), (i, v) => i with { Countries = Csv.List(v) }),
        new("themes", i => Csv.Join(i.Themes), (i, v) => i with { Themes = Csv.List(v) }),
        new("functions", i => Csv.Join(i.Functions), (i, v) => i with { Functions = Csv.List(v) }),
        new("membership", i => i.Membership?.Status, (i, v) => i with { Membership = (i.Membership ?? new()) with { Status = v } }),
        new("joinedOn", i => i.Membership?.JoinedOn, (i, v) => i with { Membership = (i.Membership ?? new()) with { JoinedOn = v } }),
        new("workingGroups", i => Csv.Join(i.Membership?.WorkingGroups), (i, v) => i with { Membership = (i.Membership ?? new()) with { WorkingGroups = Csv.List(v) } }),
        new("campaigns", i => Csv.Join(i.Membership?.Campaigns), (i, v) => i with { Membership = (i.Membership ?? new()) with { Campaigns = Csv.List(v) } }),
        new("optedOutOf", i => Csv.Join(i.Membership?.OptedOutOf), (i, v) => i with { Membership = (i.Membership ?? new()) with { OptedOutOf = Csv.List(v) } }),
    ];

    /// <summary>The fields an organization has in each language, as <c>{field}.{language}</c> columns.</summary>
    private static readonly string[] TranslatedFields = ["name", "acronym", "description"];

    public static IReadOnlyList<string> ColumnNames { get; } = Columns.Select(c => c.Name).ToArray();

    /// <summary>A fixed column, or a translated field with a well-formed language tag (<c>name.fr</c>).</summary>
    public static bool IsColumn(string column)
    {
        if (ColumnNames.Contains(column)) return true;
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && TranslatedFields.Contains(column[..dot]) && FieldChecks.LanguageTag(column[(dot + 1)..]) is not null;
    }

    /// <summary>The request one row makes; empty cells are absent (null), as they would be from a JSON body.</summary>
    public static OrganizationInput Read(IReadOnlyDictionary<string, string?> cells)
    {
        var input = new OrganizationInput();
        foreach (var column in Columns)
        {
            if (cells.GetValueOrDefault(column.Name) is { } value) input = column.Set(input, value);
        }
        var translations = new Dictionary<string, TranslationInput?>();
        foreach (var (column, value) in cells)
        {
            var dot = column.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || value is null) continue;
            var (field, language) = (column[..dot], column[(dot + 1)..]);
            var t = translations.GetValueOrDefault(language) ?? new TranslationInput();
            translations[language] = field switch
            {
                "name" => t with { Name = value },
                "acronym" => t with { Acronym = value },
                _ => t with { Description = value },
            };
        }
        return translations.Count > 0 ? input with { Translations = translations } : input;
    }

    /// <summary>
    /// <paramref name="current"/> with the columns of <paramref name="cells"/> (the row's columns, an empty cell null)
    /// put over it: a column the file does not have keeps its value, an empty cell clears it.
    /// </summary>
    public static OrganizationInput Merge(OrganizationInput current, IReadOnlyDictionary<string, string?> cells)
    {
        var merged = Cells(current);
        foreach (var (column, value) in cells) merged[column] = value;
        return Read(merged);
    }

    /// <summary>Every cell <paramref name="input"/> fills, by column (translations as <c>name.fr</c> and so on).</summary>
    private static Dictionary<string, string?> Cells(OrganizationInput input)
    {
        var cells = Columns.ToDictionary(c => c.Name, c => NullIfEmpty(c.Get(input)), StringComparer.Ordinal);
        foreach (var (language, t) in input.Translations ?? [])
        {
            cells[$"name.{language}"] = t?.Name;
            cells[$"acronym.{language}"] = t?.Acronym;
            cells[$"description.{language}"] = t?.Description;
        }
        return cells;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The header: the fixed columns, then each translated field for each of <paramref name="languages"/>.</summary>
    public static IReadOnlyList<string> Header(IReadOnlyCollection<string> languages) =>
        [.. ColumnNames, .. languages.SelectMany(l => TranslatedFields.Select(f => $"{f}.{l}"))];

    /// <summary>One organization's row under <see cref="Header"/> with the same <paramref name="languages"/>.</summary>
    public static IReadOnlyList<string?> Row(Organization organization, IReadOnlyCollection<string> languages)
    {
        var input = ToInput(organization);
        var translated = languages.SelectMany(l => organization.Translations.GetValueOrDefault(l) is { } t
            ? new[] { t.Name, t.Acronym, t.Description }
            : [null, null, null]);
        return [.. Columns.Select(c => c.Get(input)), .. translated];
    }

    /// <summary>
    /// The request that would recreate <paramref name="organization"/> (its id included): the profile's JSON read as a
    /// request body, which is what it is by design, so this needs no change when a profile field is added (and fails,
    /// as a request with an unknown field would, when a profile field has no counterpart in the request).
    /// </summary>
    public static OrganizationInput ToInput(Organization organization) =>
        JsonSerializer.Deserialize<OrganizationInput>(JsonSerializer.SerializeToUtf8Bytes<OrganizationProfile>(organization, JsonBody.Options), JsonBody.Options)!
        with { Id = organization.Id.ToString() };
}
