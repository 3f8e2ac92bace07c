using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Programme;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Calendar;

/// <summary>Stores the calendar's events and publishes each change, with its event, in the same write.</summary>
public sealed class CalendarStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "calendar-events";
    public const string KindFacet = "kind";
    public const string SituationFacet = "situation";
    public const string ThemeFacet = "theme";
    /// <summary>The year, month and day the event starts ("2026", "2026-12", "2026-12-10"): see <see cref="DayPeriods"/>.</summary>
    public const string PeriodFacet = "period";

    /// <param name="valid">A validated event (<see cref="CalendarEventInput.Validate"/>); its id and version are set here.</param>
    /// <param name="audit">The audit entry of the change (given the event before, none here, and after), saved in the same transaction.</param>
    public async Task<CalendarEvent> ScheduleAsync(CalendarEvent valid, CancellationToken ct, bool demo = false,
        Func<CalendarEvent?, CalendarEvent, DocumentWrite>? audit = null)
    {
        var now = clock.GetUtcNow();
        var created = valid with { Id = Guid.CreateVersion7(now), Status = MeetingStatus.Scheduled, Demo = demo, Version = 1, CreatedAt = now, UpdatedAt = now };
        await SaveAsync(null, created, created.State<CalendarEventScheduled>, audit, ct);
        return created;
    }

    /// <returns>The changed event, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public Task<(CalendarEvent? Updated, long? CurrentVersion)> ChangeAsync(Guid id, CalendarEvent valid, long? expectedVersion, CancellationToken ct,
        Func<CalendarEvent?, CalendarEvent, DocumentWrite>? audit = null) =>
        UpdateAsync(id, expectedVersion, current => valid with { Id = id, Status = current.Status, Demo = current.Demo, CreatedAt = current.CreatedAt },
            e => e.State<CalendarEventChanged>, audit, ct);

    /// <summary>Marks the event cancelled (it stays on record); one cancelled already is returned as it is.</summary>
    public Task<(CalendarEvent? Updated, long? CurrentVersion)> CancelAsync(Guid id, long? expectedVersion, CancellationToken ct,
        Func<CalendarEvent?, CalendarEvent, DocumentWrite>? audit = null) =>
        UpdateAsync(id, expectedVersion, current => current.Status == MeetingStatus.Cancelled ? null : current with { Status = MeetingStatus.Cancelled },
            e => e.State<CalendarEventCancelled>, audit, ct);

    public async Task<CalendarEvent?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString("D"), ct);
        return stored is null ? null : Read(stored);
    }

    /// <summary>The events starting from <paramref name="from"/> to <paramref name="to"/> (days), narrowed by the facets given, in time order.</summary>
    public async Task<IReadOnlyList<CalendarEvent>> BetweenAsync(DateOnly from, DateOnly to, CancellationToken ct,
        string? kind = null, string? situation = null, string? theme = null)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>> { [PeriodFacet] = DayPeriods.Period(from, to) };
        if (kind is not null) filters[KindFacet] = [kind];
        if (situation is not null) filters[SituationFacet] = [situation];
        if (theme is not null) filters[ThemeFacet] = [theme];
        var events = new List<CalendarEvent>();
        string? after = null;
        do
        {
            var page = await store.SearchAsync(Collection, new SearchQuery(null, SearchQuery.MaxLimit, SearchOrder.SortKey, filters, After: after), ct);
            events.AddRange(page.Items.Select(Read));
            after = page.Next;
        } while (after is not null);
        return events;
    }

    /// <summary>Whether any event is stored, demo or not: demo events are seeded only into an empty calendar.</summary>
    public async Task<bool> AnyAsync(CancellationToken ct) => (await store.SearchAsync(Collection, new SearchQuery(null, 1), ct)).Total > 0;

    private Task<(CalendarEvent? Updated, long? CurrentVersion)> UpdateAsync(Guid id, long? expectedVersion, Func<CalendarEvent, CalendarEvent?> change,
        Func<CalendarEvent, Func<Guid, CalendarEventState>> @event, Func<CalendarEvent?, CalendarEvent, DocumentWrite>? audit, CancellationToken ct) =>
        Versioned.UpdateAsync(() => GetAsync(id, ct), m => m.Version, expectedVersion, change,
            (current, changed) => changed with { Version = current.Version + 1, UpdatedAt = clock.GetUtcNow() },
            (before, after) => SaveAsync(before, after, @event(after), audit, ct));

    private Task SaveAsync(CalendarEvent? before, CalendarEvent after, Func<Guid, CalendarEventState> @event,
        Func<CalendarEvent?, CalendarEvent, DocumentWrite>? audit, CancellationToken ct)
    {
        var eventId = Guid.NewGuid();
        return store.SaveAllAsync([new DocumentWrite(ToChange(after), [OutboxMessages.Create(@event(eventId), eventId, after.UpdatedAt)]),
            .. audit is null ? [] : new[] { audit(before, after) }], ct);
    }

    private static CalendarEvent Read(StoredDocument stored) => JsonSerializer.Deserialize<CalendarEvent>(stored.Json, JsonSerializerOptions.Web)!;

    private static DocumentChange ToChange(CalendarEvent e) => new(
        Collection, e.Id.ToString("D"), e.Version, JsonSerializer.Serialize(e, JsonSerializerOptions.Web), e.UpdatedAt,
        SearchText: string.Join('\n', new[] { e.Title, e.Description, e.Location, e.Organizer }.Concat(e.Translations.Values.Select(t => t.Title)).OfType<string>()),
        // Time order; the id breaks ties.
        SortKey: e.Starts().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [KindFacet] = [e.Kind], [SituationFacet] = e.Situations, [ThemeFacet] = e.Themes, [PeriodFacet] = DayPeriods.Of(e.StartDate),
        });
}
