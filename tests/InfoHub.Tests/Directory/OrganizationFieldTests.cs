using System.Text.Json;
using System.Text.Json.Nodes;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Imports;
using InfoHub.Directory.Organizations;

namespace InfoHub.Tests.Directory;

/// <summary>
/// A profile field is declared once (<see cref="OrganizationProfile"/>); these fail when a new one is not carried
/// everywhere it must go: the request body, the events, the JSON export and the CSV columns.
/// </summary>
public sealed class OrganizationFieldTests
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Every profile field set to something other than its default.</summary>
    private static readonly OrganizationProfile Full = new("Global Centre for the Responsibility to Protect", "GCR2P", "US", "Research and advocacy.")
    {
        Translations = new Dictionary<string, OrganizationTranslation>
        {
            ["es"] = new() { Name = "Centro Global para la Responsabilidad de Proteger", Acronym = "CGR2P", Description = "Investigación e incidencia." },
            ["fr"] = new() { Name = "Centre mondial pour la responsabilité de protéger", Description = "Recherche et plaidoyer." },
        },
        Website = "https://www.globalr2p.org/",
        LogoUrl = "https://www.globalr2p.org/logo.png",
        Languages = ["en", "fr"],
        Sectors = ["research-policy"],
        Scope = "international",
        Regions = ["002", "142"],
        Countries = ["SD", "MM"],
        Themes = ["prevention", "early-warning"],
        Functions = ["research", "advocacy"],
        Membership = new OrganizationMembership
        {
            Status = "member", JoinedOn = new DateOnly(2009, 1, 28), WorkingGroups = ["Africa"], Campaigns = ["Darfur"], OptedOutOf = ["Myanmar"],
        },
    };

    private static readonly Organization Stored = new Organization
    {
        Id = Guid.Parse("0195b2a4-7c1e-7000-8000-000000000001"), Name = "x", Country = "US",
        Version = 3, CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z"), UpdatedAt = DateTimeOffset.Parse("2026-02-03T04:05:06Z"),
    }.WithProfile(Full);

    public static TheoryData<string> ProfileFields => [.. typeof(OrganizationProfile).GetProperties().Select(p => p.Name)];

    [Fact]
    public void The_test_profile_sets_every_field()
    {
        var defaults = Profile(new OrganizationProfile("x", null, "CA", null));
        var full = Profile(Full);
        Assert.All(full, f => Assert.False(JsonNode.DeepEquals(f.Value, defaults[f.Key]), $"The test profile leaves '{f.Key}' at its default."));
    }

    [Fact]
    public void Taking_a_profile_keeps_the_entry_bookkeeping_and_replaces_every_profile_field()
    {
        var renamed = Stored.WithProfile(Full with { Name = "Renamed" });
        Assert.Equal((Stored.Id, Stored.Version, Stored.CreatedAt, Stored.UpdatedAt), (renamed.Id, renamed.Version, renamed.CreatedAt, renamed.UpdatedAt));
        Assert.Equal("Renamed", renamed.Name);
        Assert.Equal(Profile(Full with { Name = "Renamed" }).ToJsonString(), Profile(renamed).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(ProfileFields))]
    public void The_events_carry_every_profile_field(string field)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(field);
        var state = JsonSerializer.SerializeToNode(Stored.State<OrganizationUpdated>(Guid.NewGuid()), Json)!.AsObject();
        Assert.True(state.ContainsKey(name), $"OrganizationState has no '{field}': add it to the contract and to Organization.State.");
        Assert.True(JsonNode.DeepEquals(Profile(Full)[name], state[name]), $"Organization.State does not carry '{field}'.");
    }

    [Fact]
    public void An_export_as_json_validates_back_to_the_same_profile()
    {
        var input = OrganizationCsv.ToInput(Stored);
        var (profile, errors) = input.Validate();
        Assert.False(errors.Any, string.Join("; ", errors.ToProblem().ProblemDetails.Errors.SelectMany(e => e.Value)));
        Assert.Equal(Stored.Id.ToString(), input.Id);
        Assert.Equal(Profile(Full).ToJsonString(), Profile(profile!).ToJsonString());
    }

    [Fact]
    public void A_csv_row_reads_back_to_the_same_profile()
    {
        string[] languages = ["es", "fr"];
        var header = OrganizationCsv.Header(languages);
        var row = OrganizationCsv.Row(Stored, languages);
        Assert.Equal(header.Count, row.Count);
        Assert.All(header, h => Assert.True(OrganizationCsv.IsColumn(h), $"'{h}' is written but not accepted on import."));

        var cells = header.Zip(row).ToDictionary(p => p.First, p => string.IsNullOrEmpty(p.Second) ? null : p.Second);
        var (profile, errors) = OrganizationCsv.Read(cells).Validate();
        Assert.False(errors.Any, string.Join("; ", errors.ToProblem().ProblemDetails.Errors.SelectMany(e => e.Value)));
        Assert.Equal(Profile(Full).ToJsonString(), Profile(profile!).ToJsonString());
    }

    private static JsonObject Profile(OrganizationProfile profile) => JsonSerializer.SerializeToNode(profile, Json)!.AsObject();
}
