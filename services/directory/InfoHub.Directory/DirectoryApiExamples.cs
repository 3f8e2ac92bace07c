using InfoHub.Directory.Activities;
using InfoHub.Directory.Imports;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;

namespace InfoHub.Directory;

/// <summary>
/// Request bodies shown in the directory's OpenAPI document, written as the API's own input types so a renamed
/// field cannot leave them behind. They tell one story, in the order a client would send them: a situation, an
/// organization working there, its activity and its position. The OpenAPI tests send them and expect them stored.
/// </summary>
internal static class DirectoryApiExamples
{
    public static readonly SituationInput Situation = new()
    {
        Id = "central-sahel",
        Name = "Central Sahel",
        Names = new() { ["fr"] = "Sahel central", ["es"] = "Sahel central" },
        Countries = ["BF", "ML", "NE"],
        Description = "Attacks on civilians by armed groups and in counter-insurgency operations across Burkina Faso, Mali and Niger.",
    };

    public static readonly OrganizationInput Organization = new()
    {
        Name = "West Africa Early Warning Network",
        Acronym = "WAEWN",
        Country = "GH",
        Description = "A network of community monitors reporting early signs of atrocity risk to national and regional bodies.",
        Translations = new() { ["fr"] = new TranslationInput { Name = "Réseau ouest-africain d'alerte précoce", Acronym = "ROAAP" } },
        Website = "https://waewn.example.org/",
        Languages = ["en", "fr"],
        Sectors = ["peace-conflict-prevention", "human-rights"],
        Scope = "regional",
        Regions = ["011"],
        Countries = ["GH", "BF", "NE"],
        Themes = ["early-warning", "prevention", "protection-of-civilians"],
        Functions = ["monitoring", "advocacy"],
        Membership = new MembershipInput { Status = "member", JoinedOn = "2019-03-01", WorkingGroups = ["Early warning"], Campaigns = ["Atrocity Prevention Week"] },
    };

    public static readonly ActivityInput Activity = new()
    {
        Title = "Community early-warning monitors in the Central Sahel",
        Description = "Trains and equips 120 monitors to report threats against civilians within 24 hours.",
        Themes = ["early-warning", "protection-of-civilians"],
        Countries = ["BF", "NE"],
        Situations = [Situation.Id],
        StartsOn = "2025-01-15",
        EndsOn = "2026-12-31",
        Link = "https://waewn.example.org/monitors",
    };

    public static readonly PositionInput Position = new()
    {
        SituationId = Situation.Id,
        Statement = "The Security Council should renew the protection mandate and fund community early-warning systems.",
        StatedOn = "2025-06-20",
        Link = "https://waewn.example.org/statements/sahel-2025",
        Responses = ["prevention", "diplomatic-pressure"],
        Visibility = "public",
    };

    public static readonly ImportDocument Import = new() { Organizations = [Organization] };

    /// <summary>A CSV import of organizations (<c>?kind=organizations</c>): the export's columns, lists separated by ';'.</summary>
    public const string OrganizationsCsv =
        "name,acronym,country,themes,name.fr\n" +
        "West Africa Early Warning Network,WAEWN,GH,early-warning;prevention,Réseau ouest-africain d'alerte précoce\n";
}
