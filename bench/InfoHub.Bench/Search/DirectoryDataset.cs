using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace InfoHub.Bench.Search;

/// <summary>One code of a directory vocabulary, with its English label.</summary>
public sealed record VocabularyTerm(string Code, string Label);

/// <summary>The directory's vocabularies as its API serves them (codes sorted, so that a seed always gives the same data).</summary>
public sealed record DirectoryVocabularies(
    IReadOnlyList<VocabularyTerm> Themes,
    IReadOnlyList<VocabularyTerm> Sectors,
    IReadOnlyList<VocabularyTerm> Scopes,
    IReadOnlyList<VocabularyTerm> Regions,
    IReadOnlyList<VocabularyTerm> Countries,
    IReadOnlyList<VocabularyTerm> Membership,
    IReadOnlyList<VocabularyTerm> Functions)
{
    public static async Task<DirectoryVocabularies> ReadAsync(HttpClient http, CancellationToken ct)
    {
        async Task<IReadOnlyList<VocabularyTerm>> Read(string name)
        {
            var terms = await http.GetFromJsonAsync<JsonElement>($"/api/directory/vocabularies/{name}", ct);
            return terms.EnumerateArray()
                .Select(t => new VocabularyTerm(t.GetProperty("code").GetString()!, t.GetProperty("labels").GetProperty("en").GetString()!))
                .OrderBy(t => t.Code, StringComparer.Ordinal)
                .ToList();
        }
        return new DirectoryVocabularies(await Read("themes"), await Read("sectors"), await Read("scopes"), await Read("regions"),
            await Read("countries"), await Read("membership"), await Read("functions"));
    }
}

// The import's JSON shapes (camelCase, nulls left out): only fields the directory's import accepts.
public sealed record MembershipRow(string Status);

public sealed record OrganizationRow(
    string Id, string Name, string? Acronym, string Country, string Description, IReadOnlyList<string> Sectors, string Scope,
    IReadOnlyList<string> Regions, IReadOnlyList<string> Countries, IReadOnlyList<string> Themes, IReadOnlyList<string> Functions,
    IReadOnlyList<string> Languages, MembershipRow? Membership);

public sealed record ActivityRow(
    string Id, string OrganizationId, string Title, string Description, IReadOnlyList<string> Themes, IReadOnlyList<string> Countries,
    IReadOnlyList<string> Situations);

public sealed record SituationRow(string Id, string Name, IReadOnlyList<string> Countries);

/// <summary>
/// A generated directory: organizations named and described from word lists, with 1–3 themes, 1–4 countries, about
/// five activities each (some on one of the situations), all from one seeded <see cref="Random"/>. Skewed choices make
/// some countries, themes and situations common and others rare, as in a real network.
/// </summary>
public sealed class DirectoryDataset
{
    /// <summary>Appears in about one activity in 2,000: the "rare word" query.</summary>
    public const string RareWord = "cartography";

    private readonly Random _random;
    private readonly DirectoryVocabularies _vocabularies;
    private readonly IReadOnlyList<VocabularyTerm> _countriesByPopularity;

    public IReadOnlyList<SituationRow> Situations { get; }
    public IReadOnlyList<OrganizationRow> Organizations { get; }

    /// <summary>The activities of each organization, by organization id, in the order generated.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ActivityRow>> Activities { get; }

    public int ActivityCount => Activities.Values.Sum(a => a.Count);

    public DirectoryDataset(DirectoryVocabularies vocabularies, int seed, int organizations, int activities, int situations)
    {
        _random = new Random(seed);
        _vocabularies = vocabularies;
        // Popularity is a seeded shuffle: which countries are common is arbitrary but the same every run.
        _countriesByPopularity = vocabularies.Countries.Where(c => c.Code != "AQ").OrderBy(_ => _random.Next()).ToList();
        Situations = MakeSituations(situations);
        var perOrganization = ActivityCounts(organizations, activities);
        var orgs = new List<OrganizationRow>(organizations);
        var acts = new Dictionary<string, IReadOnlyList<ActivityRow>>(organizations);
        for (var i = 0; i < organizations; i++)
        {
            var organization = MakeOrganization();
            orgs.Add(organization);
            acts[organization.Id] = Enumerable.Range(0, perOrganization[i]).Select(_ => MakeActivity(organization)).ToList();
        }
        Organizations = orgs;
        Activities = acts;
    }

    /// <summary>Values by how many organizations carry them (organization and activity countries, activity situations), most first.</summary>
    public IReadOnlyList<string> ByFrequency(Func<OrganizationRow, IEnumerable<string>> values) =>
        Organizations.SelectMany(o => values(o).Distinct())
            .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();

    public IEnumerable<string> CountriesOf(OrganizationRow o) => o.Countries.Prepend(o.Country).Concat(Activities[o.Id].SelectMany(a => a.Countries));

    public IEnumerable<string> SituationsOf(OrganizationRow o) => Activities[o.Id].SelectMany(a => a.Situations);

    // ---- word lists -------------------------------------------------------------------------------------------------

    private static readonly string[] Kinds =
    [
        "Centre", "Institute", "Network", "Coalition", "Forum", "Alliance", "Initiative", "Foundation", "Association", "Council",
        "Observatory", "Collective", "Society", "Platform", "Watch", "Commission", "League", "Movement", "Trust", "Union",
    ];

    private static readonly string[] Topics =
    [
        "Human Rights", "Peace and Security", "Conflict Prevention", "Democracy", "Justice and Accountability", "Civilian Protection",
        "Refugee Rights", "Gender Equality", "Early Warning", "Transitional Justice", "Disarmament", "Mediation", "Reconciliation",
        "Humanitarian Action", "the Rule of Law", "Civic Space", "Youth Leadership", "Minority Rights", "Land Rights", "Press Freedom",
        "Women's Rights", "Children's Rights", "Genocide Prevention", "International Law", "Peacebuilding", "Nonviolence",
        "Good Governance", "Atrocity Prevention", "Migrants' Rights", "Indigenous Peoples' Rights",
    ];

    private static readonly string[] Qualifiers =
    [
        "Regional", "National", "Pan-African", "Global", "Independent", "Citizens'", "Community", "Grassroots", "Interfaith", "Women's",
        "Youth", "Democratic", "Open", "United", "Inter-American", "Asian", "Arab", "European", "Caribbean", "Pacific",
    ];

    private static readonly string[] Emblems =
    [
        "Amani", "Ubuntu", "Horizon", "Bridges", "Dignity", "Solidarity", "Tamkeen", "Esperanza", "Sawa", "Nuru", "Harmony", "Beacon",
        "Compass", "Lighthouse", "Salam", "Shanti", "Umoja", "Concordia", "Avenir", "Kuumba",
    ];

    private static readonly string[] Verbs =
    [
        "documents", "monitors", "trains", "convenes", "advocates for", "supports", "researches", "publishes reports on", "mobilises",
        "accompanies", "protects", "brings together", "gives legal aid to", "builds the capacity of", "campaigns with",
    ];

    private static readonly string[] People =
    [
        "local human rights defenders", "survivors of sexual violence", "community mediators", "journalists", "parliamentarians",
        "displaced families", "women peacebuilders", "youth activists", "traditional leaders", "lawyers and paralegals",
        "election observers", "teachers", "faith leaders", "policy makers", "police and security forces", "refugees and migrants",
        "indigenous communities", "students", "civil society organisations", "victims' associations",
    ];

    private static readonly string[] Places =
    [
        "in rural areas", "in border regions", "in urban settlements", "in refugee camps", "at the United Nations", "in regional bodies",
        "in post-conflict communities", "in conflict-affected provinces", "in the capital", "in coastal districts",
    ];

    private static readonly string[] Actions =
    [
        "Training of", "Monitoring of", "Dialogue with", "Research on", "Campaign for", "Support for", "Documentation with",
        "Workshop for", "Advocacy with", "Early warning network of", "Radio programme with", "Legal aid for", "Mapping with",
        "Consultation of", "Exchange visit of", "Mentoring of", "Protection plan for", "Accountability hearings with",
    ];

    private static readonly string[] Issues =
    [
        "hate speech", "arbitrary detention", "enforced disappearances", "sexual and gender-based violence", "forced displacement",
        "election violence", "land disputes", "recruitment of child soldiers", "attacks on schools", "small arms proliferation",
        "impunity for atrocity crimes", "restrictions on civil society", "intercommunal tensions", "access to justice",
        "humanitarian access", "ceasefire monitoring", "missing persons", "the right to protest", "statelessness", "torture",
    ];

    private static readonly string[] Durations = ["A one-year", "A two-year", "A six-month", "A three-year", "A pilot", "An ongoing", "A multi-year"];

    private static readonly string[] Partners =
    [
        "local authorities", "a university partner", "the national human rights institution", "community radio stations",
        "UN agencies", "regional organisations", "other members of the network", "bar associations", "women's groups",
    ];

    private static readonly string[] Emergencies =
    [
        "crisis", "displacement emergency", "post-election violence", "armed conflict", "intercommunal violence", "humanitarian crisis",
        "political crisis", "border conflict",
    ];

    private static readonly string[] Parts = ["", "northern ", "southern ", "eastern ", "western ", "central "];

    private static readonly string[] Languages = ["en", "fr", "es", "ar", "pt", "ru", "sw"];

    // ---- generation -------------------------------------------------------------------------------------------------

    private IReadOnlyList<SituationRow> MakeSituations(int count)
    {
        var situations = new List<SituationRow>(count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (situations.Count < count)
        {
            var country = Skewed(_countriesByPopularity, 1.6);
            var part = Pick(Parts);
            var name = $"{Capitalize(Pick(Emergencies))} in {part}{country.Label}";
            var id = Slug(name);
            if (id.Length > 60 || !ids.Add(id)) continue;
            var countries = new List<string> { country.Code };
            if (_random.NextDouble() < 0.4) countries.Add(Skewed(_countriesByPopularity, 1.6).Code);
            situations.Add(new SituationRow(id, name, countries.Distinct().ToList()));
        }
        return situations;
    }

    /// <summary>Per organization 1–9 activities, about five on average, adding up to exactly <paramref name="total"/>.</summary>
    private int[] ActivityCounts(int organizations, int total)
    {
        var counts = Enumerable.Range(0, organizations).Select(_ => 1 + _random.Next(5) + _random.Next(5)).ToArray();
        var sum = counts.Sum();
        while (sum != total)
        {
            var i = _random.Next(organizations);
            if (sum < total && counts[i] < 12) { counts[i]++; sum++; }
            else if (sum > total && counts[i] > 1) { counts[i]--; sum--; }
        }
        return counts;
    }

    private OrganizationRow MakeOrganization()
    {
        var country = Skewed(_countriesByPopularity, 2.0);
        var topic = Pick(Topics);
        var kind = Pick(Kinds);
        var name = _random.Next(6) switch
        {
            0 => $"{country.Label} {kind} for {topic}",
            1 => $"{kind} for {topic} in {country.Label}",
            2 => $"{Pick(Qualifiers)} {kind} for {topic}",
            3 => $"{Pick(Emblems)} {kind} for {topic}",
            4 => $"{country.Label} {Pick(Qualifiers)} {kind}",
            _ => $"{Pick(Emblems)} {Pick(Qualifiers)} {kind}",
        };
        var acronym = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsUpper(w[0])).Select(w => w[0]));
        var themes = Several(_vocabularies.Themes, 1, 3, 1.5);
        var countries = Enumerable.Range(0, _random.Next(4)).Select(_ => Skewed(_countriesByPopularity, 2.0).Code).Prepend(country.Code).Distinct().ToList();
        var secondTopic = Pick(Topics);
        var description = new StringBuilder()
            .Append(Invariant($"The {kind.ToLowerInvariant()} works on {topic.ToLowerInvariant()} and {secondTopic.ToLowerInvariant()} {Pick(Places)} of {country.Label}. "))
            .Append(Invariant($"It {Pick(Verbs)} {Pick(People)} and {Pick(Verbs)} {Pick(People)} on {Pick(Issues)}."));
        if (_random.NextDouble() < 0.5) description.Append(Invariant($" Founded in {1975 + _random.Next(48)}, it works with {Pick(Partners)}."));

        var membership = _random.NextDouble() switch
        {
            < 0.45 => "member",
            < 0.60 => "partner-coalition",
            < 0.75 => "observer",
            < 0.85 => "former",
            _ => null,
        };
        return new OrganizationRow(
            NewId(), name, acronym.Length is >= 2 and <= 20 ? acronym : null, country.Code, description.ToString(),
            Several(_vocabularies.Sectors, 1, 2, 1.5), Skewed(_vocabularies.Scopes, 1.0).Code,
            Several(_vocabularies.Regions, 1, 2, 1.0), countries, themes,
            Several(_vocabularies.Functions, 1, 3, 1.0),
            Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Skewed(Languages, 2.0)).Distinct().ToList(),
            membership is null ? null : new MembershipRow(membership));
    }

    private ActivityRow MakeActivity(OrganizationRow organization)
    {
        var situations = new List<string>();
        var countries = new List<string>();
        if (_random.NextDouble() < 0.2)
        {
            var situation = Skewed(Situations, 1.8);
            situations.Add(situation.Id);
            countries.Add(situation.Countries[0]);
        }
        countries.Add(_random.NextDouble() < 0.7 ? Pick(organization.Countries) : Skewed(_countriesByPopularity, 2.0).Code);
        if (_random.NextDouble() < 0.3) countries.Add(Skewed(_countriesByPopularity, 2.0).Code);

        var issue = Pick(Issues);
        var people = Pick(People);
        var title = _random.Next(2_000) == 0
            ? $"Participatory {RareWord} of {issue} with {people}"
            : $"{Pick(Actions)} {people} on {issue}";
        var description = Invariant($"{Pick(Durations)} project that {Pick(Verbs)} {Pick(People)} on {issue} {Pick(Places)}, with {Pick(Partners)}.");
        if (_random.NextDouble() < 0.5) description += Invariant($" It focuses on {Pick(Topics).ToLowerInvariant()} and {Pick(Issues)}.");

        return new ActivityRow(NewId(), organization.Id, title, description,
            Several(_vocabularies.Themes, 1, 2, 1.5).Union(organization.Themes.Take(_random.Next(2))).ToList(),
            countries.Distinct().ToList(), situations);
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (in Guid's little-endian layout of the third group)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>Earlier values are likelier: with <paramref name="skew"/> 1 every value is as likely; 2 favours the first ones strongly.</summary>
    private T Skewed<T>(IReadOnlyList<T> values, double skew) => values[Math.Min(values.Count - 1, (int)(Math.Pow(_random.NextDouble(), skew) * values.Count))];

    private List<string> Several(IReadOnlyList<VocabularyTerm> terms, int min, int max, double skew) =>
        Enumerable.Range(0, min + _random.Next(max - min + 1)).Select(_ => Skewed(terms, skew).Code).Distinct().ToList();

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
