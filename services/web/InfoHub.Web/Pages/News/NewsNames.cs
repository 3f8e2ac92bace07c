namespace InfoHub.Web.Pages.News;

/// <summary>
/// The news digest's codes (UN organs, resolution statuses, meeting formats, ballots) as interface texts, translated
/// through the resources like any other; a code the portal does not know yet shows as itself.
/// </summary>
public static class NewsNames
{
    private static readonly Dictionary<string, string> Organs = new()
    {
        ["security-council"] = "Security Council",
        ["general-assembly"] = "General Assembly",
        ["human-rights-council"] = "Human Rights Council",
        ["secretary-general"] = "Secretary-General",
        ["peacebuilding-commission"] = "Peacebuilding Commission",
        ["regional-organization"] = "Regional organization",
    };

    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["draft"] = "Draft",
        ["under-negotiation"] = "Under negotiation",
        ["in-blue"] = "In blue",
        ["adopted"] = "Adopted",
        ["failed"] = "Failed",
        ["vetoed"] = "Vetoed",
        ["withdrawn"] = "Withdrawn",
    };

    private static readonly Dictionary<string, string> Formats = new()
    {
        ["briefing"] = "Briefing",
        ["consultations"] = "Consultations",
        ["open-debate"] = "Open debate",
        ["adoption"] = "Adoption",
        ["arria-formula"] = "Arria-formula meeting",
    };

    private static readonly Dictionary<string, string> Ballots = new()
    {
        ["in-favour"] = "In favour",
        ["against"] = "Against",
        ["abstaining"] = "Abstaining",
        ["not-participating"] = "Not participating",
    };

    public static string Organ(string code) => Organs.GetValueOrDefault(code, code);

    public static string Status(string code) => Statuses.GetValueOrDefault(code, code);

    public static string Format(string code) => Formats.GetValueOrDefault(code, code);

    public static string Ballot(string code) => Ballots.GetValueOrDefault(code, code);

    public static IEnumerable<string> StatusCodes => Statuses.Keys;

    /// <summary>Every text above: the interface texts the resources must translate.</summary>
    public static IEnumerable<string> All => Organs.Values.Concat(Statuses.Values).Concat(Formats.Values).Concat(Ballots.Values);
}
