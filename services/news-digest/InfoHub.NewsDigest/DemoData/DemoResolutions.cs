using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.Resolutions;
using InfoHub.Platform.Http;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.DemoData;

/// <summary>
/// Seeds an empty tracker: the Council resolutions the network distributed (their real symbols, titles and adoption
/// days, from <c>shared/docs/domain.md</c>; the ballots of those years are not recorded here), and three drafts invented
/// for the demo, dated from today and titled "[Demo data]", to show negotiation, a vote and a withdrawal.
/// </summary>
public static class DemoResolutions
{
    public const string Marker = "[Demo data]";

    private static readonly (int Number, string Adopted, string Title, string Subject, bool R2P)[] Distributed =
    [
        (1261, "1999-08-25", "Children and armed conflict", "Children and armed conflict", false),
        (1265, "1999-09-17", "Protection of civilians in armed conflict", "Protection of civilians in armed conflict", false),
        (1296, "2000-04-19", "Protection of civilians in armed conflict", "Protection of civilians in armed conflict", false),
        (1325, "2000-10-31", "Women and peace and security", "Women and peace and security", false),
        (1327, "2000-11-13", "Implementation of the report of the Panel on United Nations Peace Operations", "United Nations peacekeeping operations", false),
        (1366, "2001-08-30", "The role of the Security Council in the prevention of armed conflicts", "Prevention of armed conflict", false),
        (1379, "2001-11-20", "Children and armed conflict", "Children and armed conflict", false),
        (1460, "2003-01-30", "Children and armed conflict", "Children and armed conflict", false),
        (1674, "2006-04-28", "Protection of civilians in armed conflict: the first resolution to reaffirm the responsibility to protect",
            "Protection of civilians in armed conflict", true),
    ];

    public static IHostApplicationBuilder AddDemoResolutions(this IHostApplicationBuilder builder)
    {
        if (builder.DemoData()) builder.Services.AddHostedService<Seeder>();
        return builder;
    }

    /// <summary>Each demo record as the API would take it: details, then its steps in order.</summary>
    internal static IEnumerable<(ResolutionInput First, StepInput[] Then)> Records(DateOnly today)
    {
        foreach (var (number, adopted, title, subject, r2p) in Distributed)
        {
            var on = DateOnly.Parse(adopted, System.Globalization.CultureInfo.InvariantCulture);
            var symbol = $"S/RES/{number} ({on.Year})";
            yield return (new ResolutionInput
            {
                Symbol = symbol, Title = title, ThematicItem = subject, RefersToResponsibilityToProtect = r2p,
                Links = [$"https://undocs.org/{symbol.Replace(" ", "")}"], Status = "adopted", On = on,
            }, []);
        }
        var council = CouncilSeed.Composition;
        yield return (new ResolutionInput
        {
            Title = $"{Marker} Draft resolution on the protection of civilians in Darfur", SituationId = "darfur",
            RefersToResponsibilityToProtect = true, Status = "draft", On = today.AddDays(-20),
        }, [new StepInput { Status = "under-negotiation", On = today.AddDays(-12) }, new StepInput { Status = "in-blue", On = today.AddDays(-2) }]);
        var voteDay = today.AddDays(-6);
        yield return (new ResolutionInput
        {
            Title = $"{Marker} Resolution renewing the mandate of the peacekeeping mission in South Sudan", SituationId = "south-sudan",
            Status = "draft", On = today.AddDays(-30),
        }, [new StepInput { Status = "in-blue", On = today.AddDays(-8) }, new StepInput
        {
            Status = "adopted", On = voteDay,
            // Thirteen in favour and two abstentions, by the members sitting that year (when the hub knows them).
            Vote = council.IsKnown(voteDay.Year) ? Vote(council.MembersIn(voteDay.Year), abstaining: ["CN", "RU"]) : null,
        }]);
        yield return (new ResolutionInput
        {
            Title = $"{Marker} Draft resolution on early warning and the prevention of violence in Burundi", SituationId = "burundi",
            Status = "draft", On = today.AddDays(-40),
        }, [new StepInput { Status = "under-negotiation", On = today.AddDays(-33) }, new StepInput { Status = "withdrawn", On = today.AddDays(-25) }]);
    }

    private static VoteInput Vote(IReadOnlyList<CouncilSeat> members, string[] abstaining) => new()
    {
        InFavour = members.Select(m => m.Country).Where(c => !abstaining.Contains(c)).Select(string? (c) => c).ToList(),
        Abstaining = [.. abstaining],
    };

    private sealed class Seeder(ResolutionStore resolutions, [FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store,
        ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if ((await store.SearchAsync(ResolutionStore.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
            var count = 0;
            var records = Records(resolutions.Today).ToList();
            // Trusted: the situations are the directory's demo situations, which the replica may not hold yet (both seed at start-up).
            var demoSituations = records.Select(r => r.First.SituationId).OfType<string>().ToHashSet();
            foreach (var (first, then) in records)
            {
                var errors = new FieldErrors();
                var empty = new Resolution { Id = Guid.CreateVersion7(), Title = "", History = [], Version = 0, CreatedAt = default, UpdatedAt = default, Demo = true };
                var resolution = first.FirstStep.AddTo(first.Apply(empty, errors, demoSituations), CouncilSeed.Composition, resolutions.Today, errors);
                foreach (var step in then) resolution = resolution is null ? null : step.AddTo(resolution, CouncilSeed.Composition, resolutions.Today, errors);
                if (resolution is null) throw new InvalidOperationException($"Demo resolution '{first.Title}' is invalid: {string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value))}");
                await resolutions.RecordAsync(resolution, audit: null, ct);
                count++;
            }
            logger.LogInformation("Seeded the resolution tracker with demo data: {Count} resolutions and drafts", count);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
