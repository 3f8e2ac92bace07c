using InfoHub.Directory.Organizations;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Http;

namespace InfoHub.Directory.Activities;

/// <summary>The body of a record or replace request for an activity.</summary>
public sealed record ActivityInput
{
    /// <summary>Only in imports: keep this id (a new activity) or replace the activity that has it.</summary>
    public string? Id { get; init; }
    /// <summary>Only in imports: the organization the activity belongs to.</summary>
    public string? OrganizationId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public List<string?>? Themes { get; init; }
    public List<string?>? Countries { get; init; }
    public List<string?>? Situations { get; init; }
    public string? StartsOn { get; init; }
    public string? EndsOn { get; init; }
    public string? Link { get; init; }

    /// <param name="knownSituations">The situation ids that exist; others are errors.</param>
    public (ValidActivity? Valid, FieldErrors Errors) Validate(IReadOnlySet<string> knownSituations)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", Title, 200, min: 2, required: true);
        var description = errors.Text("description", Description, 4_000);
        var themes = errors.Codes("themes", Themes, Vocabulary.Themes);
        var countries = errors.CountryCodes("countries", Countries);
        var situations = new List<string>();
        for (var i = 0; i < (Situations?.Count ?? 0); i++)
        {
            var id = Situations![i]?.Trim().ToLowerInvariant();
            if (id is not null && knownSituations.Contains(id)) { if (!situations.Contains(id)) situations.Add(id); }
            else errors.Add($"situations[{i}]", $"'{Situations[i]}' is not a situation of GET /api/directory/situations.");
        }
        var startsOn = errors.Date("startsOn", StartsOn);
        var endsOn = errors.Date("endsOn", EndsOn);
        if (startsOn > endsOn) errors.Add("endsOn", "'endsOn' must not be before 'startsOn'.");
        var link = errors.Link("link", Link);
        return errors.Any ? (null, errors) : (new ValidActivity(title!, description, themes, countries, situations, startsOn, endsOn, link), errors);
    }

    /// <summary>The situation ids this input names, to look up before validating.</summary>
    public IEnumerable<string> NamedSituations => (Situations ?? []).OfType<string>().Select(s => s.Trim().ToLowerInvariant());
}

public sealed record ValidActivity(
    string Title, string? Description, IReadOnlyList<string> Themes, IReadOnlyList<string> Countries, IReadOnlyList<string> Situations,
    DateOnly? StartsOn, DateOnly? EndsOn, string? Link)
{
    public Activity ToActivity(Guid id, long version, DateTimeOffset at) => new()
    {
        Id = id, Title = Title, Description = Description, Themes = Themes, Countries = Countries, Situations = Situations,
        StartsOn = StartsOn, EndsOn = EndsOn, Link = Link, Version = version, UpdatedAt = at,
    };
}
