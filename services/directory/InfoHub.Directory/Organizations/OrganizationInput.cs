using InfoHub.Platform.Http;
using InfoHub.Platform.Reference;

namespace InfoHub.Directory.Organizations;

/// <summary>The body of a create or replace request. Everything is optional here so validation can name each missing field.</summary>
public sealed record OrganizationInput
{
    public string? Name { get; init; }
    public string? Acronym { get; init; }
    public string? Country { get; init; }
    public string? Description { get; init; }

    public const int MaxName = 200;
    public const int MaxAcronym = 20;
    public const int MaxDescription = 4_000;

    /// <summary>Returns the cleaned profile, or the errors naming each invalid field.</summary>
    public (OrganizationProfile? Profile, FieldErrors Errors) Validate()
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", Name, MaxName, min: 2, required: true);
        var acronym = errors.Text("acronym", Acronym, MaxAcronym);
        var description = errors.Text("description", Description, MaxDescription);
        var country = Countries.Normalize(Country?.Trim());
        if (string.IsNullOrWhiteSpace(Country)) errors.Add("country", "'country' is required (ISO 3166-1 alpha-2, e.g. \"CA\").");
        else if (country is null) errors.Add("country", $"'{Country}' is not an ISO 3166-1 alpha-2 country code.");

        return errors.Any ? (null, errors) : (new OrganizationProfile(name!, acronym, country!, description), errors);
    }
}

public sealed record OrganizationProfile(string Name, string? Acronym, string Country, string? Description);
