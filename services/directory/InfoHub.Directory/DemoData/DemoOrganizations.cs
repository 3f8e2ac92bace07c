using InfoHub.Contracts.Directory;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.DemoData;

/// <summary>
/// Seeds an empty directory with organizations named in the network's public 2003 consultation records, so a
/// newcomer sees a working hub. Descriptions are written for the demo and say so. Enabled by <c>Directory:DemoData</c>.
/// </summary>
public static class DemoOrganizations
{
    public const string Marker = "[Demo data]";

    internal static readonly OrganizationProfile[] Profiles =
    [
        new("Amnesty International", "AI", "GB", $"{Marker} Global human rights movement; research and campaigning against grave violations.")
        {
            Sectors = ["human-rights"], Scope = "international", Themes = ["protection-of-civilians", "international-criminal-justice", "norm-building-advocacy"], Functions = ["advocacy", "research", "monitoring"],
            Languages = ["en", "fr", "es", "ar"], Regions = ["002", "142", "019"], Countries = ["SD", "MM", "CD"], Membership = Member(),
        },
        new("Human Rights Watch", "HRW", "US", $"{Marker} Investigates and reports on human rights abuses; advocacy on protection of civilians.")
        {
            Sectors = ["human-rights"], Scope = "international", Themes = ["protection-of-civilians", "early-warning", "international-criminal-justice"], Functions = ["monitoring", "research", "advocacy"],
            Languages = ["en", "fr", "es"], Regions = ["002", "142", "150"], Countries = ["SD", "CD", "BI", "LK"], Membership = Member(),
        },
        new("Oxfam International", "Oxfam", "GB", $"{Marker} Humanitarian and development confederation; protection of civilians advocacy.")
        {
            Sectors = ["humanitarian", "development"], Scope = "international", Themes = ["protection-of-civilians", "humanitarian-access", "small-arms"], Functions = ["advocacy", "messaging"],
            Languages = ["en", "fr", "es"], Regions = ["002", "142"], Countries = ["SD", "CD", "SS"], Membership = Member(),
        },
        new("CARE International", "CARE", "CH", $"{Marker} Humanitarian aid and development; women's and girls' protection in crises.")
        {
            Sectors = ["humanitarian", "women-gender"], Scope = "international", Themes = ["women-peace-security", "humanitarian-access", "displacement"], Functions = ["capacity-building", "advocacy"],
            Languages = ["en", "fr", "es"], Regions = ["002", "142"], Countries = ["SD", "CD", "BI"], Membership = Member(),
        },
        new("International Crisis Group", "ICG", "BE", $"{Marker} Field-based analysis and early warning on deadly conflict.")
        {
            Sectors = ["peace-conflict-prevention", "research-policy"], Scope = "international", Themes = ["early-warning", "prevention", "peacekeeping"], Functions = ["research", "monitoring", "advocacy"],
            Languages = ["en", "fr", "es", "ru"], Regions = ["002", "142", "150", "019"], Countries = ["SD", "CD", "BI", "MM", "LK", "KE"], Membership = Member(),
        },
        new("Project Ploughshares", null, "CA", $"{Marker} Peace research institute; small arms and conflict prevention.")
        {
            Sectors = ["peace-conflict-prevention", "faith-based"], Scope = "national", Themes = ["small-arms", "prevention"], Functions = ["research", "education"],
            Languages = ["en", "fr"], Regions = ["019", "002"], Countries = ["CA", "SD"], Membership = Member(),
        },
        new("World Federalist Movement-Institute for Global Policy", "WFM-IGP", "US", $"{Marker} Norm-building and advocacy for the Responsibility to Protect at the UN.")
        {
            Sectors = ["research-policy", "legal-international-justice"], Scope = "international", Themes = ["norm-building-advocacy", "international-criminal-justice", "prevention", "reaction", "rebuilding"], Functions = ["advocacy", "education", "capacity-building"],
            Languages = ["en", "fr", "es"], Regions = ["019", "150", "002"], Countries = [], Membership = Member(),
        },
        new("Refugees International", "RI", "US", $"{Marker} Advocacy for displaced people and humanitarian access.")
        {
            Sectors = ["humanitarian"], Scope = "international", Themes = ["displacement", "humanitarian-access", "protection-of-civilians"], Functions = ["advocacy", "monitoring"],
            Languages = ["en"], Regions = ["002", "142"], Countries = ["SD", "CD", "MM", "SS"], Membership = Member(),
        },
        new("Save the Children UK", null, "GB", $"{Marker} Children and armed conflict; humanitarian response.")
        {
            Sectors = ["humanitarian", "youth-students"], Scope = "international", Themes = ["children-armed-conflict", "humanitarian-access"], Functions = ["advocacy", "capacity-building"],
            Languages = ["en", "fr"], Regions = ["002", "142"], Countries = ["CD", "SS", "SD"], Membership = Member(),
        },
        new("Fund for Peace", "FFP", "US", $"{Marker} Research on state fragility and early warning.")
        {
            Sectors = ["research-policy", "peace-conflict-prevention"], Scope = "international", Themes = ["early-warning", "prevention"], Functions = ["research", "monitoring"],
            Languages = ["en"], Regions = ["019", "002"], Countries = [], Membership = Member(),
        },
        new("Woodrow Wilson Center", null, "US", $"{Marker} Policy research forum; conflict prevention studies.")
        {
            Sectors = ["research-policy"], Scope = "international", Themes = ["prevention", "business-conflict"], Functions = ["research", "education"],
            Languages = ["en"], Regions = ["019"], Countries = [], Membership = Member(),
        },
        new("International Peace Academy", "IPA", "US", $"{Marker} Policy research on peacekeeping and conflict prevention.")
        {
            Sectors = ["research-policy", "peace-conflict-prevention"], Scope = "international", Themes = ["peacekeeping", "prevention", "rebuilding"], Functions = ["research", "education"],
            Languages = ["en", "fr"], Regions = ["019", "002"], Countries = [], Membership = Member(),
        },
        new("Quaker UN Office", "QUNO", "CH", $"{Marker} Quiet diplomacy and conflict prevention at the United Nations.")
        {
            Sectors = ["faith-based", "peace-conflict-prevention"], Scope = "international", Themes = ["prevention", "small-arms"], Functions = ["advocacy", "messaging"],
            Languages = ["en", "fr"], Regions = ["150", "019"], Countries = [], Membership = Member(),
        },
        new("Canadian Council of Churches", null, "CA", $"{Marker} Faith-based peace and justice advocacy.")
        {
            Sectors = ["faith-based"], Scope = "national", Themes = ["norm-building-advocacy", "prevention"], Functions = ["advocacy", "education"],
            Languages = ["en", "fr"], Regions = ["019"], Countries = ["CA"], Membership = Member(),
        },
        new("International Rescue Committee", "IRC", "US", $"{Marker} Humanitarian relief and protection for people displaced by conflict.")
        {
            Sectors = ["humanitarian"], Scope = "international", Themes = ["displacement", "humanitarian-access", "protection-of-civilians"], Functions = ["capacity-building"],
            Languages = ["en", "fr", "ar"], Regions = ["002", "142"], Countries = ["CD", "SS", "BI"], Membership = Member(),
        },
        new("Mennonite Central Committee", "MCC", "CA", $"{Marker} Relief, development and peacebuilding in the name of Christ.")
        {
            Sectors = ["faith-based", "development"], Scope = "international", Themes = ["rebuilding", "small-arms"], Functions = ["capacity-building", "education"],
            Languages = ["en", "fr", "es"], Regions = ["019", "002"], Countries = ["CD", "CA"], Membership = Member(),
        },
        new("World Vision", null, "US", $"{Marker} Child-focused relief and development in fragile places.")
        {
            Sectors = ["faith-based", "humanitarian"], Scope = "international", Themes = ["children-armed-conflict", "rebuilding"], Functions = ["capacity-building", "advocacy"],
            Languages = ["en", "fr", "es"], Regions = ["002", "142", "019"], Countries = ["SS", "CD"], Membership = Member(),
        },
        new("International Alert", null, "GB", $"{Marker} Peacebuilding; business and conflict; gender and peace.")
        {
            Sectors = ["peace-conflict-prevention"], Scope = "international", Themes = ["business-conflict", "prevention", "women-peace-security"], Functions = ["research", "advocacy"],
            Languages = ["en", "fr"], Regions = ["002", "142", "150"], Countries = ["BI", "LK"], Membership = Member(),
        },
        new("Physicians for Global Survival", "PGS", "CA", $"{Marker} Health professionals for nuclear disarmament and the prevention of war.")
        {
            Sectors = ["peace-conflict-prevention"], Scope = "national", Themes = ["small-arms", "prevention"], Functions = ["education", "advocacy"],
            Languages = ["en", "fr"], Regions = ["019"], Countries = ["CA"], Membership = Member(),
        },
        new("Centre for Humanitarian Dialogue", "HD Centre", "CH", $"{Marker} Mediation and dialogue to prevent and resolve armed conflict.")
        {
            Sectors = ["peace-conflict-prevention"], Scope = "international", Themes = ["prevention", "protection-of-civilians"], Functions = ["capacity-building"],
            Languages = ["en", "fr"], Regions = ["002", "142"], Countries = ["SD", "MM"], Membership = Member(),
        },
        new("FIDH", null, "FR", $"{Marker} International federation of human rights leagues.")
        {
            Sectors = ["human-rights", "legal-international-justice"], Scope = "international", Themes = ["international-criminal-justice", "protection-of-civilians"], Functions = ["advocacy", "monitoring", "capacity-building"],
            Languages = ["fr", "en", "es", "ar"], Regions = ["002", "150", "142"], Countries = ["CD", "BI", "SD"], Membership = Member(),
        },
        new("North-South Institute", "NSI", "CA", $"{Marker} Policy research on international development and conflict prevention.")
        {
            Sectors = ["research-policy", "development"], Scope = "national", Themes = ["prevention", "business-conflict"], Functions = ["research"],
            Languages = ["en", "fr"], Regions = ["019", "002"], Countries = ["CA"], Membership = Member(),
        },
        new("United Nations Association in Canada", "UNA-Canada", "CA", $"{Marker} Public education on the United Nations and Canada's part in it.")
        {
            Sectors = ["un-association"], Scope = "national", Themes = ["norm-building-advocacy", "peacekeeping"], Functions = ["education", "messaging"],
            Languages = ["en", "fr"], Regions = ["019"], Countries = ["CA"], Membership = Member(),
        },
        new("Canadian Peacebuilding Coordinating Committee", "CPCC", "CA", $"{Marker} Network of Canadian peacebuilding organizations.")
        {
            Sectors = ["peace-conflict-prevention"], Scope = "national", Themes = ["rebuilding", "prevention"], Functions = ["capacity-building", "messaging"],
            Languages = ["en", "fr"], Regions = ["019"], Countries = ["CA"], Membership = Member(),
        },
        new("Partnership for Effective Peace Operations", "PEPO", "US", $"{Marker} Coalition for effective UN peace operations.")
        {
            Sectors = ["peace-conflict-prevention", "research-policy"], Scope = "international", Themes = ["peacekeeping", "protection-of-civilians"], Functions = ["advocacy", "research"],
            Languages = ["en"], Regions = ["019", "002"], Countries = ["CD", "SS"], Membership = Member(),
        },
        new("Centre for Peace Studies Burundi (demo)", null, "BI", $"{Marker} Invented local organization, for the demo: community early-warning and youth radio.")
        {
            Sectors = ["peace-conflict-prevention", "youth-students"], Scope = "local", Themes = ["early-warning", "genocide-prevention", "media-engagement"], Functions = ["monitoring", "messaging"],
            Languages = ["fr", "rn"], Regions = ["014"], Countries = ["BI"], Membership = Member(),
        },
    ];

    /// <summary>
    /// Demo organizations get the same id on every machine (a name-based UUID, RFC 9562 version 5), so demo settings
    /// elsewhere — such as the embedded host's demo member — can name one: "Amnesty International" is always
    /// <c>70398e4d-5b4f-5a43-b838-6871a9969ad3</c> (a test pins it).
    /// </summary>
    public static Guid IdOf(string name)
    {
        var bytes = System.Security.Cryptography.SHA1.HashData(
            [.. Namespace.ToByteArray(bigEndian: true), .. System.Text.Encoding.UTF8.GetBytes(name)]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }

    private static readonly Guid Namespace = new("5d3c8f0e-2b1a-4c6e-9f7d-3a2b1c0d9e8f");

    private static OrganizationMembership Member() => new()
    {
        Status = "member", WorkingGroups = ["Protection of civilians"], Campaigns = ["R2P awareness week"],
    };

    /// <summary>Situations named in the network's public work, with their countries.</summary>
    internal static readonly SituationInput[] Situations =
    [
        new() { Id = "darfur", Name = "Darfur", Names = new() { ["fr"] = "Darfour", ["es"] = "Darfur" }, Countries = ["SD"], Description = $"{Marker} Mass atrocities against civilians in Sudan's western region since 2003." },
        new() { Id = "drc", Name = "Democratic Republic of the Congo", Names = new() { ["fr"] = "République démocratique du Congo", ["es"] = "República Democrática del Congo" }, Countries = ["CD"], Description = $"{Marker} Protection of civilians in the eastern provinces." },
        new() { Id = "burundi", Name = "Burundi", Countries = ["BI"], Description = $"{Marker} Risk of renewed mass violence; early warning." },
        new() { Id = "myanmar", Name = "Myanmar", Countries = ["MM"], Description = $"{Marker} Atrocities against ethnic minorities." },
        new() { Id = "sri-lanka", Name = "Sri Lanka", Countries = ["LK"], Description = $"{Marker} Civilians trapped in the final phase of the armed conflict." },
        new() { Id = "south-sudan", Name = "South Sudan", Names = new() { ["fr"] = "Soudan du Sud", ["es"] = "Sudán del Sur" }, Countries = ["SS"], Description = $"{Marker} Ethnic violence and humanitarian access." },
        new() { Id = "kenya-2008", Name = "Kenya post-election violence", Countries = ["KE"], Description = $"{Marker} The 2007–2008 crisis, often cited as R2P applied through diplomacy." },
    ];

    /// <summary>(organization, title, themes, countries, situations, start, description) — invented for the demo.</summary>
    internal static readonly (string Organization, string Title, string[] Themes, string[] Countries, string[] Situations, string StartsOn, string Description)[] Activities =
    [
        ("Amnesty International", "Darfur: documenting attacks on villages", ["protection-of-civilians", "international-criminal-justice"], ["SD"], ["darfur"], "2004-02-01", "Satellite imagery and testimony on village burnings."),
        ("Amnesty International", "Myanmar: campaign for accountability", ["international-criminal-justice"], ["MM"], ["myanmar"], "2017-09-01", "Campaign for referral to international justice."),
        ("Human Rights Watch", "Eastern Congo civilian protection reports", ["protection-of-civilians", "early-warning"], ["CD"], ["drc"], "2003-06-01", "Field research on attacks on civilians in Ituri and the Kivus."),
        ("Human Rights Watch", "Sri Lanka: the last months of the war", ["protection-of-civilians"], ["LK"], ["sri-lanka"], "2009-01-01", "Documenting shelling of the no-fire zones."),
        ("Oxfam International", "Darfur humanitarian access advocacy", ["humanitarian-access", "protection-of-civilians"], ["SD"], ["darfur"], "2004-05-01", "Briefings to Security Council members on access."),
        ("Oxfam International", "Arms trade and civilian harm", ["small-arms"], ["SS"], ["south-sudan"], "2012-01-01", "Tracking weapons flows into South Sudan."),
        ("CARE International", "Women's protection in displacement camps", ["women-peace-security", "displacement"], ["CD"], ["drc"], "2008-01-01", "Safe spaces and referral services in North Kivu."),
        ("International Crisis Group", "Burundi early-warning briefings", ["early-warning", "prevention"], ["BI"], ["burundi"], "2015-04-01", "Monthly risk briefings to diplomats in Bujumbura and New York."),
        ("International Crisis Group", "Kenya mediation analysis", ["prevention"], ["KE"], ["kenya-2008"], "2008-01-15", "Analysis supporting the African Union-led mediation."),
        ("International Crisis Group", "Darfur peace process reports", ["prevention", "peacekeeping"], ["SD"], ["darfur"], "2004-03-01", "Analysis of the Abuja talks and of UNAMID."),
        ("Project Ploughshares", "Small arms survey of the Great Lakes", ["small-arms"], ["CD", "BI"], ["drc", "burundi"], "2005-01-01", "Mapping small arms flows in the region."),
        ("World Federalist Movement-Institute for Global Policy", "R2P consultations with civil society", ["norm-building-advocacy"], [], [], "2003-01-01", "Regional roundtables on the Responsibility to Protect."),
        ("Refugees International", "Rohingya displacement missions", ["displacement", "humanitarian-access"], ["MM", "BD"], ["myanmar"], "2017-10-01", "Field missions and advocacy for the displaced."),
        ("Save the Children UK", "Child soldiers release programme", ["children-armed-conflict"], ["CD"], ["drc"], "2004-01-01", "Demobilization and family reunification."),
        ("International Rescue Committee", "Mortality surveys in the Congo", ["protection-of-civilians", "humanitarian-access"], ["CD"], ["drc"], "2000-01-01", "Surveys of conflict-related mortality."),
        ("International Alert", "Burundi dialogue programme", ["prevention", "women-peace-security"], ["BI"], ["burundi"], "2002-01-01", "Dialogue between women leaders across divides."),
        ("FIDH", "Burundi: documenting repression", ["international-criminal-justice"], ["BI"], ["burundi"], "2015-05-01", "Reports submitted to the International Criminal Court."),
        ("Centre for Humanitarian Dialogue", "Darfur ceasefire facilitation", ["prevention"], ["SD"], ["darfur"], "2004-01-01", "Facilitation between parties to the conflict."),
        ("Centre for Peace Studies Burundi (demo)", "Community early-warning radio", ["early-warning", "media-engagement", "genocide-prevention"], ["BI"], ["burundi"], "2016-01-01", "Youth reporters flag hate speech and rumours of attacks."),
        ("Partnership for Effective Peace Operations", "MONUSCO mandate renewal advocacy", ["peacekeeping", "protection-of-civilians"], ["CD"], ["drc"], "2010-03-01", "Recommendations to Council members before each renewal."),
    ];

    /// <summary>(organization, situation, visibility, responses, statement, date): a mix of public, members-only and secretariat-only.</summary>
    internal static readonly (string Organization, string Situation, string Visibility, string[] Responses, string Statement, string StatedOn)[] Positions =
    [
        ("Amnesty International", "darfur", "public", ["sanctions", "peacekeeping"], "Calls for a targeted arms embargo and a protection force with a strong mandate.", "2004-07-15"),
        ("Human Rights Watch", "drc", "public", ["peacekeeping", "diplomatic-pressure"], "MONUC must use its mandate to protect civilians under imminent threat.", "2003-06-10"),
        ("International Crisis Group", "burundi", "members", ["prevention", "diplomatic-pressure"], "Shared with members: preventive diplomacy before the elections is the priority.", "2015-03-20"),
        ("Oxfam International", "darfur", "public", ["diplomatic-pressure"], "Humanitarian access must be guaranteed by all parties.", "2004-06-01"),
        ("International Alert", "burundi", "secretariat", ["prevention"], "For the secretariat: our partners on the ground ask us not to be named publicly.", "2015-06-01"),
        ("FIDH", "burundi", "public", ["sanctions"], "Calls for targeted sanctions against those responsible for grave violations.", "2016-01-12"),
    ];

    public static IHostApplicationBuilder AddDemoOrganizations(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Directory:DemoData")) builder.Services.AddHostedService<Seeder>();
        return builder;
    }

    private sealed class Seeder(
        OrganizationStore organizations,
        SituationStore situations,
        PositionStore positions,
        [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
        ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if ((await store.SearchAsync(OrganizationStore.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
            foreach (var situation in Situations)
            {
                var (valid, errors) = situation.Validate(forCreation: true);
                if (valid is null) throw new InvalidOperationException($"Demo situation {situation.Id} is invalid.");
                await situations.DefineAsync(valid, ct, demo: true);
            }
            var known = Situations.Select(s => s.Id!).ToHashSet();
            foreach (var profile in Profiles)
            {
                await organizations.RegisterAsync(profile, ct, IdOf(profile.Name), demo: true);
            }
            foreach (var a in Activities)
            {
                var input = new ActivityInput
                {
                    Title = a.Title, Description = $"{Marker} {a.Description}", Themes = [.. a.Themes], Countries = [.. a.Countries],
                    Situations = [.. a.Situations], StartsOn = a.StartsOn,
                };
                var (valid, _) = input.Validate(known);
                await organizations.RecordActivityAsync(IdOf(a.Organization), valid ?? throw new InvalidOperationException($"Demo activity '{a.Title}' is invalid."), ct);
            }
            foreach (var p in Positions)
            {
                var input = new PositionInput { SituationId = p.Situation, Statement = $"{Marker} {p.Statement}", StatedOn = p.StatedOn, Responses = [.. p.Responses], Visibility = p.Visibility };
                var (valid, _) = input.Validate(situationExists: known.Contains(p.Situation));
                await positions.StateAsync(IdOf(p.Organization), valid ?? throw new InvalidOperationException($"Demo position of {p.Organization} is invalid."), ct);
            }
            logger.LogInformation("Seeded the directory with demo data: {Organizations} organizations, {Situations} situations, {Activities} activities, {Positions} positions",
                Profiles.Length, Situations.Length, Activities.Length, Positions.Length);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
