using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Council;

/// <summary>
/// Tells the other services what the hub knows of the Council: at start, each year of the seed whose membership is new
/// or changed since it was last announced is published as <see cref="CouncilCompositionChanged"/>, with
/// <see cref="CouncilPresidencyAssigned"/> for each of its months — stored with the announcement in one write, so a
/// restart or a second instance announces nothing twice.
/// </summary>
public sealed class CouncilAnnouncements([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock,
    ILogger<CouncilAnnouncements> logger) : IHostedService
{
    public const string Collection = "council-years";

    private sealed record Announced(int Year, IReadOnlyList<CouncilMemberState> Members, IReadOnlyList<string> Presidents);

    public async Task StartAsync(CancellationToken ct)
    {
        var council = CouncilSeed.Composition;
        foreach (var year in council.Years.Where(council.IsKnown))
        {
            var members = council.MembersIn(year).Select(m => new CouncilMemberState(m.Country, m.Name, m.Permanent, m.From, m.To)).ToList();
            var months = Enumerable.Range(1, 12).Select(m => new CouncilMonth(year, m)).Select(m => (Month: m, President: council.PresidentIn(m))).ToList();
            var now = new Announced(year, members, months.Select(m => m.President?.Country ?? "").ToList());
            var stored = await store.GetAsync(Collection, year.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            var before = stored is null ? null : JsonSerializer.Deserialize<Announced>(stored.Json, JsonSerializerOptions.Web);
            if (before is not null && before.Members.SequenceEqual(now.Members) && before.Presidents.SequenceEqual(now.Presidents)) continue;

            var version = (stored?.Version ?? 0) + 1;
            var at = clock.GetUtcNow();
            var events = new List<OutboxMessage>();
            var composition = new CouncilCompositionChanged { EventId = Guid.NewGuid(), Year = year, Version = version, OccurredAt = at, Members = members, Source = CouncilSeed.Source };
            events.Add(OutboxMessages.Create(composition, composition.EventId, at));
            for (var i = 0; i < months.Count; i++)
            {
                if (months[i].President is not { } president || before?.Presidents.ElementAtOrDefault(i) == president.Country) continue;
                var assigned = new CouncilPresidencyAssigned
                {
                    EventId = Guid.NewGuid(), Month = months[i].Month.ToString(), Version = version, OccurredAt = at,
                    President = new CouncilMemberState(president.Country, president.Name, president.Permanent, president.From, president.To),
                };
                events.Add(OutboxMessages.Create(assigned, assigned.EventId, at));
            }
            try
            {
                await store.SaveAsync(new DocumentChange(Collection, year.ToString(System.Globalization.CultureInfo.InvariantCulture), version,
                    JsonSerializer.Serialize(now, JsonSerializerOptions.Web), at), events, ct);
                logger.LogInformation("Announced the Council of {Year}: {Members} members, {Presidencies} presidencies", year, members.Count, events.Count - 1);
            }
            catch (ConcurrencyConflictException)
            {
                // Another instance announced it at the same moment.
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
