using System.Globalization;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;

namespace InfoHub.Directory.Imports;

/// <summary>The activity columns of a CSV import and export.</summary>
public static class ActivityCsv
{
    public static readonly string[] Columns =
        ["id", "organizationId", "title", "description", "themes", "countries", "situations", "startsOn", "endsOn", "link"];

    /// <summary>The request one row makes; an empty cell is absent (null).</summary>
    public static ActivityInput Read(IReadOnlyDictionary<string, string?> c) => new()
    {
        Id = c.GetValueOrDefault("id"), OrganizationId = c.GetValueOrDefault("organizationId"), Title = c.GetValueOrDefault("title"),
        Description = c.GetValueOrDefault("description"), Themes = Csv.List(c.GetValueOrDefault("themes")), Countries = Csv.List(c.GetValueOrDefault("countries")),
        Situations = Csv.List(c.GetValueOrDefault("situations")), StartsOn = c.GetValueOrDefault("startsOn"), EndsOn = c.GetValueOrDefault("endsOn"),
        Link = c.GetValueOrDefault("link"),
    };

    /// <summary><paramref name="current"/> with the row's columns put over it: a missing column keeps its value, an empty cell clears it.</summary>
    public static ActivityInput Merge(ActivityInput current, IReadOnlyDictionary<string, string?> cells)
    {
        var merged = Columns.Zip(Row(current)).ToDictionary(p => p.First, p => string.IsNullOrEmpty(p.Second) ? null : p.Second, StringComparer.Ordinal);
        foreach (var (column, value) in cells) merged[column] = value;
        return Read(merged);
    }

    /// <summary>One activity's cells, in <see cref="Columns"/>' order.</summary>
    public static IReadOnlyList<string?> Row(ActivityInput a) =>
        [a.Id, a.OrganizationId, a.Title, a.Description, Csv.Join(a.Themes), Csv.Join(a.Countries), Csv.Join(a.Situations), a.StartsOn, a.EndsOn, a.Link];

    /// <summary>The request that would recreate <paramref name="a"/> (its id included).</summary>
    public static ActivityInput ToInput(Guid organization, Activity a) => new()
    {
        Id = a.Id.ToString(), OrganizationId = organization.ToString(), Title = a.Title, Description = a.Description,
        Themes = [.. a.Themes], Countries = [.. a.Countries], Situations = [.. a.Situations],
        StartsOn = a.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EndsOn = a.EndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Link = a.Link,
    };
}
