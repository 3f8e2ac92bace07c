using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Developments;

/// <summary>
/// The embedded default's demo developments: a few weeks of plausible UN work on the demo directory's situations, dated
/// relative to today, each marked as demo data. Invented for the demo — not reports of real events. Seeded into an
/// empty collection only, once the directory's situations have reached the replica (it waits a little for them, then
/// leaves out any still unknown).
/// </summary>
internal sealed partial class DemoDevelopments(
    DevelopmentStore developments,
    SituationReplicas situations,
    [FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store,
    TimeProvider clock,
    DemoData.DemoSeeded seeded,
    ILogger<DemoDevelopments> logger) : BackgroundService
{
    public const string Marker = "[Demo data]";

    private static readonly (int DaysAgo, DevelopmentInput Input)[] Items =
    [
        (2, new()
        {
            Headline = "Security Council briefing on the protection of civilians in Darfur",
            Summary = "Council members heard a briefing on attacks on civilians and on humanitarian access in Darfur.",
            Body = "Briefers described **displacement** in North Darfur and asked members to press all parties for safe passage.\n\n" +
                   "Several members recalled [resolution 1591 (2005)](https://undocs.org/S/RES/1591(2005)) and its arms embargo.",
            Organ = "security-council", Situations = ["darfur"], Themes = ["protection-of-civilians", "humanitarian-access"], Language = "en",
            Documents = ["S/RES/1591 (2005)"], Link = "https://press.un.org/en/content/security-council",
            Translations = new()
            {
                ["fr"] = new()
                {
                    Headline = "Exposé au Conseil de sécurité sur la protection des civils au Darfour",
                    Summary = "Les membres du Conseil ont entendu un exposé sur les attaques contre les civils et l'accès humanitaire au Darfour.",
                    Body = "Les intervenants ont décrit les **déplacements** au Darfour-Nord et demandé aux membres de presser les parties de garantir un passage sûr.",
                },
            },
        }),
        (5, new()
        {
            Headline = "Special Adviser on the Prevention of Genocide warns of rising hate speech in Myanmar",
            Summary = "A statement by the Special Adviser points to hate speech online as an early warning sign and calls for accountability.",
            Body = "The statement lists risk factors from the *Framework of Analysis for Atrocity Crimes* and asks social media companies to act on reports.",
            Organ = "secretary-general", Situations = ["myanmar"], Themes = ["genocide-prevention", "early-warning"], Language = "en",
        }),
        (9, new()
        {
            Headline = "Human Rights Council interactive dialogue on Burundi",
            Summary = "Delegations discussed the human rights situation in Burundi and the cooperation of the authorities with UN mechanisms.",
            Body = "Civil society speakers asked for continued monitoring ahead of local elections.",
            Organ = "human-rights-council", Situations = ["burundi"], Themes = ["early-warning", "prevention"], Language = "en",
        }),
        (13, new()
        {
            Headline = "Council consultations on MONUSCO and the situation in eastern Congo",
            Summary = "Members discussed the protection of civilians in North Kivu and Ituri in closed consultations.",
            Body = "No outcome was announced. Members referred to the mission's mandate to protect civilians under threat of physical violence.",
            Organ = "security-council", Situations = ["drc"], Themes = ["peacekeeping", "protection-of-civilians"], Language = "en",
            Documents = ["S/RES/1674 (2006)"],
        }),
        (18, new()
        {
            Headline = "General Assembly plenary debate on the responsibility to protect",
            Summary = "Member states discussed the Secretary-General's annual report on the responsibility to protect and its implementation.",
            Body = "Speakers recalled paragraphs 138 and 139 of the [2005 World Summit Outcome](https://undocs.org/A/RES/60/1).\n\n" +
                   "| Group | Speakers |\n|---|---:|\n| Member states | many |\n| Civil society | few |",
            Organ = "general-assembly", Themes = ["norm-building-advocacy"], Language = "en", Documents = ["A/RES/60/1"],
        }),
        (22, new()
        {
            Headline = "Peacebuilding Commission meeting on South Sudan",
            Summary = "The Commission discussed support for local peace agreements and for the return of displaced people in South Sudan.",
            Organ = "peacebuilding-commission", Situations = ["south-sudan"], Themes = ["prevention", "displacement"], Language = "en",
        }),
        (26, new()
        {
            Headline = "African Union Peace and Security Council discusses early warning in the Great Lakes",
            Summary = "The regional body discussed early-warning reports on Burundi and eastern Congo and a joint visit.",
            Organ = "regional-organization", Situations = ["burundi", "drc"], Themes = ["early-warning"], Language = "en",
        }),
        (30, new()
        {
            Headline = "Debate abierto del Consejo de Seguridad sobre la protección de los civiles",
            Summary = "Los miembros debatieron el informe anual del Secretario General sobre la protección de los civiles en los conflictos armados.",
            Organ = "security-council", Themes = ["protection-of-civilians"], Language = "es", Documents = ["S/RES/1674 (2006)"],
        }),
    ];

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await SeedAsync(ct);
        }
        finally
        {
            seeded.Complete();
        }
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        if ((await store.SearchAsync(DevelopmentStore.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
        var wanted = Items.SelectMany(i => i.Input.Situations ?? []).OfType<string>().Distinct().ToList();
        var known = await situations.GetManyAsync(wanted, ct);
        // The directory's demo situations arrive through the bus shortly after start-up.
        for (var tries = 0; known.Count < wanted.Count && tries < 60; tries++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
            known = await situations.GetManyAsync(wanted, ct);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var (daysAgo, item) in Items)
        {
            var input = item with
            {
                Summary = $"{Marker} {item.Summary}",
                Date = today.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Situations = [.. (item.Situations ?? []).Where(s => s is not null && known.ContainsKey(s))],
            };
            var (valid, errors) = input.Validate(known.Keys.ToHashSet(), today);
            if (valid is null) throw new InvalidOperationException($"Demo development '{item.Headline}' is invalid: {string.Join("; ", errors.ToDictionary().Keys)}.");
            try
            {
                await developments.PublishAsync(valid with { Id = IdOf(item.Headline!) }, ct, demo: true);
            }
            catch (ConcurrencyConflictException)
            {
                return; // another instance is seeding the same store
            }
        }
        LogSeeded(Items.Length, known.Count, wanted.Count);
    }

    private static Guid IdOf(string headline) => new(SHA256.HashData(Encoding.UTF8.GetBytes("infohub-demo-development:" + headline)).AsSpan(0, 16));

    [LoggerMessage(LogLevel.Information, "Seeded the news digest with {Count} demo developments ({Known} of {Wanted} situations known)")]
    private partial void LogSeeded(int count, int known, int wanted);
}
