using System.Net.Http.Json;
using System.Text.Json;

namespace InfoHub.Testing;

/// <param name="Relevant">The organizations (by name) a member asking this expects to see, judged from the demo data's
/// profiles and activities, not from what a search returned.</param>
/// <param name="First">The organization that must come first, where one answers the question better than any other.</param>
public sealed record RelevanceQuery(string Query, string[] Relevant, string? First = null);

/// <param name="Top">The names of the first five results, in order.</param>
public sealed record RelevanceResult(RelevanceQuery Query, IReadOnlyList<string> Top, int Total)
{
    /// <summary>
    /// Relevant organizations among the first five, over how many could be there (five, or fewer when fewer are
    /// relevant): 1 means the first page shows as many relevant organizations as it can.
    /// </summary>
    public double PrecisionAt5 => (double)Top.Count(Query.Relevant.Contains) / Math.Min(5, Query.Relevant.Length);

    public bool FirstHolds => Query.First is null || (Top.Count > 0 && Top[0] == Query.First);
}

/// <summary>
/// Queries members ask of the directory, in English, French and Spanish, with the demo organizations that answer them
/// (<c>Directory:DemoData</c>): asserted by the tests and printed, with precision at 5, by the search bench.
/// </summary>
public static class RelevanceSuite
{
    private const string Amnesty = "Amnesty International";
    private const string Hrw = "Human Rights Watch";
    private const string Oxfam = "Oxfam International";
    private const string Care = "CARE International";
    private const string Icg = "International Crisis Group";
    private const string Ploughshares = "Project Ploughshares";
    private const string Wfm = "World Federalist Movement-Institute for Global Policy";
    private const string Ri = "Refugees International";
    private const string Save = "Save the Children UK";
    private const string Ffp = "Fund for Peace";
    private const string Wilson = "Woodrow Wilson Center";
    private const string Ipa = "International Peace Academy";
    private const string Quno = "Quaker UN Office";
    private const string Ccc = "Canadian Council of Churches";
    private const string Irc = "International Rescue Committee";
    private const string Mcc = "Mennonite Central Committee";
    private const string WorldVision = "World Vision";
    private const string Alert = "International Alert";
    private const string Pgs = "Physicians for Global Survival";
    private const string Hd = "Centre for Humanitarian Dialogue";
    private const string Fidh = "FIDH";
    private const string Nsi = "North-South Institute";
    private const string Una = "United Nations Association in Canada";
    private const string Cpcc = "Canadian Peacebuilding Coordinating Committee";
    private const string Pepo = "Partnership for Effective Peace Operations";
    private const string Burundi = "Centre for Peace Studies Burundi (demo)";

    private static readonly string[] EarlyWarning = [Icg, Ffp, Burundi, Hrw];
    private static readonly string[] SmallArms = [Ploughshares, Oxfam, Quno, Mcc, Pgs];
    private static readonly string[] HumanRights = [Amnesty, Hrw, Fidh];
    private static readonly string[] WomenPeaceSecurity = [Care, Alert];
    private static readonly string[] Peacekeeping = [Pepo, Ipa, Icg, Una];
    private static readonly string[] ProtectionOfCivilians = [Amnesty, Hrw, Oxfam, Ri, Irc, Hd, Fidh, Pepo];
    private static readonly string[] FaithBased = [Ploughshares, Quno, Ccc, Mcc, WorldVision];

    public static readonly IReadOnlyList<RelevanceQuery> Demo =
    [
        new("early warning", EarlyWarning),
        new("alerte précoce", EarlyWarning),
        new("alerta temprana", EarlyWarning),
        new("small arms", SmallArms),
        new("armes légères", SmallArms),
        new("armas pequeñas", SmallArms),
        new("children armed conflict", [Save, WorldVision], First: Save),
        new("child soldiers Congo", [Save, WorldVision], First: Save),
        new("derechos humanos", HumanRights),
        new("droits humains", HumanRights),
        new("women peace security", WomenPeaceSecurity),
        new("mujeres paz y seguridad", WomenPeaceSecurity),
        new("displaced people humanitarian access", [Ri, Irc, Care, Oxfam, Save]),
        new("humanitarian access South Sudan", [Oxfam, Save, Irc, Ri]),
        new("peacekeeping operations", Peacekeeping, First: Pepo),
        new("maintien de la paix", Peacekeeping),
        new("international criminal justice", [Amnesty, Hrw, Wfm, Fidh]),
        new("protection des civils", ProtectionOfCivilians),
        new("genocide prevention Burundi", [Burundi, Icg, Alert], First: Burundi),
        new("prévention du génocide", [Burundi], First: Burundi),
        new("peacebuilding Canada", [Cpcc, Mcc]),
        new("mediation dialogue", [Hd, Icg, Alert], First: Hd),
        new("Darfour", [Amnesty, Oxfam, Icg, Hd]),
        // Research and policy organizations working on conflict prevention (by sector, theme or description).
        new("policy research conflict prevention", [Wilson, Ipa, Nsi, Icg, Ffp, Pepo, Wfm, Ploughshares]),
        new("faith-based peace", FaithBased),
        new("confesional", FaithBased),
    ];

    /// <summary>
    /// Queries over a real participant list nobody here wrote — 66 organizations of the R2P civil-society field, by
    /// public name, acronym and country only (<c>tests/InfoHub.Tests/Directory/Fixtures/r2p-civil-society.csv</c>),
    /// imported into an empty directory — with the organizations whose names answer them.
    /// </summary>
    public static readonly IReadOnlyList<RelevanceQuery> RealWorldList =
    [
        new("responsibility to protect", ["Global Centre for the Responsibility to Protect", "Asia Pacific Centre for the Responsibility to Protect",
            "International Coalition for the Responsibility to Protect", "Canadian Centre for the Responsibility to Protect"]),
        new("genocide prevention", ["The Sentinel Project for Genocide Prevention", "Genocide Watch", "Montreal Institute for Genocide and Human Rights Studies"],
            First: "The Sentinel Project for Genocide Prevention"),
        new("refugee council", ["Norwegian Refugee Council", "Danish Refugee Council"]),
        new("human rights commission", ["Kenya Human Rights Commission", "Asian Human Rights Commission"]),
        new("civilians in conflict", ["Center for Civilians in Conflict"], First: "Center for Civilians in Conflict"),
        new("crisis", ["International Crisis Group", "Crisis Action"]),
        new("coalition", ["International Coalition for the Responsibility to Protect", "Coalition for the International Criminal Court"]),
        new("ICRtoP", ["International Coalition for the Responsibility to Protect"], First: "International Coalition for the Responsibility to Protect"),
        new("lawyers union", ["Pan African Lawyers Union"], First: "Pan African Lawyers Union"),
        new("droits humains", ["Fédération internationale pour les droits humains", "Ligue des droits de l'Homme"],
            First: "Fédération internationale pour les droits humains"),
        new("federation internationale droits", ["Fédération internationale pour les droits humains"], First: "Fédération internationale pour les droits humains"),
        new("estudios sociales", ["Centro de Estudios Legales y Sociales", "Coordinadora Regional de Investigaciones Económicas y Sociales"],
            First: "Centro de Estudios Legales y Sociales"),
        new("comision colombiana juristas", ["Comisión Colombiana de Juristas"], First: "Comisión Colombiana de Juristas"),
        new("refugees", ["Refugees International", "Norwegian Refugee Council", "Danish Refugee Council"]),
    ];

    /// <summary>Runs each query against a directory's organization search (the first page of five, by relevance).</summary>
    public static async Task<IReadOnlyList<RelevanceResult>> RunAsync(HttpClient http, IReadOnlyList<RelevanceQuery> queries, CancellationToken ct)
    {
        var results = new List<RelevanceResult>();
        foreach (var query in queries)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/api/directory/organizations?q={Uri.EscapeDataString(query.Query)}&limit=5", ct);
            var top = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
            results.Add(new RelevanceResult(query, top, page.GetProperty("total").GetInt32()));
        }
        return results;
    }

    /// <summary>One line a query: precision at 5, the total, the first results (a relevant one marked with *).</summary>
    public static string ToTable(IReadOnlyList<RelevanceResult> results)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{"query",-38} {"P@5",5} {"total",6}  first five (* relevant)");
        foreach (var r in results)
            text.AppendLine($"{r.Query.Query,-38} {r.PrecisionAt5,5:0.00} {r.Total,6}  " +
                            string.Join(" | ", r.Top.Select(n => (r.Query.Relevant.Contains(n) ? "*" : "") + (n.Length > 28 ? n[..28] + "…" : n))));
        text.AppendLine($"{"MEAN",-38} {results.Average(r => r.PrecisionAt5),5:0.00}");
        return text.ToString();
    }
}
