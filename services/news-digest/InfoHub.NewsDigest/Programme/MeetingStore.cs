using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Programme;

/// <summary>Stores the programme of work and publishes its changes, each in the same write as the change.</summary>
public sealed class MeetingStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "council-meetings";
    /// <summary>The New York month a meeting falls in ("2026-12"): the programme is read month by month.</summary>
    public const string MonthFacet = "month";
    public const string SituationFacet = "situation";

    /// <param name="audit">The audit entry of the change (given the meeting before, none here, and after), saved in the same transaction.</param>
    public async Task<Meeting> ScheduleAsync(ValidMeeting valid, CancellationToken ct, bool demo = false, Func<Meeting?, Meeting, DocumentWrite>? audit = null)
    {
        var now = clock.GetUtcNow();
        var meeting = Apply(new Meeting
        {
            Id = Guid.CreateVersion7(now), StartsAt = valid.StartsAt, Format = valid.Format, Status = MeetingStatus.Scheduled,
            Demo = demo, Version = 1, CreatedAt = now, UpdatedAt = now,
        }, valid);
        await SaveAsync(null, meeting, id => meeting.State<CouncilMeetingScheduled>(id), audit, ct);
        return meeting;
    }

    /// <returns>The changed meeting, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public Task<(Meeting? Updated, long? CurrentVersion)> ChangeAsync(Guid id, ValidMeeting valid, long? expectedVersion, CancellationToken ct,
        Func<Meeting?, Meeting, DocumentWrite>? audit = null) =>
        UpdateAsync(id, expectedVersion, current => Apply(current, valid), m => id => m.State<CouncilMeetingChanged>(id), audit, ct);

    /// <summary>Marks the meeting cancelled (it stays on record); a meeting cancelled already is returned as it is.</summary>
    public Task<(Meeting? Updated, long? CurrentVersion)> CancelAsync(Guid id, long? expectedVersion, CancellationToken ct,
        Func<Meeting?, Meeting, DocumentWrite>? audit = null) =>
        UpdateAsync(id, expectedVersion, current => current.Status == MeetingStatus.Cancelled ? null : current with { Status = MeetingStatus.Cancelled },
            m => id => m.State<CouncilMeetingCancelled>(id), audit, ct);

    public async Task<Meeting?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, Key(id), ct);
        return stored is null ? null : Read(stored);
    }

    /// <summary>Every meeting of <paramref name="months"/> (on <paramref name="situation"/>, when given), in time order.</summary>
    public async Task<IReadOnlyList<Meeting>> InMonthsAsync(IEnumerable<CouncilMonth> months, string? situation, CancellationToken ct)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>> { [MonthFacet] = months.Select(m => m.ToString()).ToList() };
        if (situation is not null) filters[SituationFacet] = [situation];
        var meetings = new List<Meeting>();
        string? after = null;
        do
        {
            var page = await store.SearchAsync(Collection, new SearchQuery(null, SearchQuery.MaxLimit, SearchOrder.SortKey, filters, After: after), ct);
            meetings.AddRange(page.Items.Select(Read));
            after = page.Next;
        } while (after is not null);
        return meetings;
    }

    /// <summary>The months that hold a meeting (on <paramref name="situation"/>, when given), from the index's facet counts (no meeting is read).</summary>
    public async Task<IReadOnlyList<CouncilMonth>> MonthsAsync(CancellationToken ct, string? situation = null)
    {
        var filters = situation is null ? null : new Dictionary<string, IReadOnlyList<string>> { [SituationFacet] = [situation] };
        var counted = await store.SearchAsync(Collection, new SearchQuery(null, 1, SearchOrder.SortKey, filters, CountFacets: [MonthFacet]), ct);
        return counted.FacetCounts.TryGetValue(MonthFacet, out var months)
            ? months.Keys.Select(m => CouncilMonth.TryParse(m, out var month) ? month : (CouncilMonth?)null).OfType<CouncilMonth>().Order().ToList()
            : [];
    }

    /// <summary>
    /// The last meeting on <paramref name="situation"/> before <paramref name="at"/> and the first from then on, cancelled ones
    /// left out. Reads only the months nearest <paramref name="at"/> that hold its meetings, found from the facet counts.
    /// </summary>
    public async Task<(Meeting? Last, Meeting? Next)> AroundAsync(string situation, DateTimeOffset at, CancellationToken ct)
    {
        var months = await MonthsAsync(ct, situation);
        var read = new Dictionary<CouncilMonth, IReadOnlyList<Meeting>>();
        async Task<IEnumerable<Meeting>> HeldIn(CouncilMonth month) =>
            (read.TryGetValue(month, out var held) ? held : read[month] = await InMonthsAsync([month], situation, ct)).Where(m => m.Status != MeetingStatus.Cancelled);
        var current = NewYorkTime.MonthOf(at);
        Meeting? last = null, next = null;
        foreach (var month in months.Where(m => m <= current).Reverse())
            if ((last = (await HeldIn(month)).LastOrDefault(m => m.StartsAt < at)) is not null) break;
        foreach (var month in months.Where(m => m >= current))
            if ((next = (await HeldIn(month)).FirstOrDefault(m => m.StartsAt >= at)) is not null) break;
        return (last, next);
    }

    /// <summary>How many meetings there are and the sum of their versions: it changes with every write, so it tags the calendar cheaply.</summary>
    public Task<CollectionSummary> SummarizeAsync(CancellationToken ct) => store.SummarizeAsync(Collection, ct);

    private Task<(Meeting? Updated, long? CurrentVersion)> UpdateAsync(Guid id, long? expectedVersion, Func<Meeting, Meeting?> change,
        Func<Meeting, Func<Guid, CouncilMeetingState>> @event, Func<Meeting?, Meeting, DocumentWrite>? audit, CancellationToken ct) =>
        Versioned.UpdateAsync(() => GetAsync(id, ct), m => m.Version, expectedVersion, change,
            (current, changed) => changed with { Version = current.Version + 1, UpdatedAt = clock.GetUtcNow() },
            (before, after) => SaveAsync(before, after, @event(after), audit, ct));

    private Task SaveAsync(Meeting? before, Meeting after, Func<Guid, CouncilMeetingState> @event, Func<Meeting?, Meeting, DocumentWrite>? audit, CancellationToken ct)
    {
        var eventId = Guid.NewGuid();
        return store.SaveAllAsync([new DocumentWrite(ToChange(after), [OutboxMessages.Create(@event(eventId), eventId, after.UpdatedAt)]),
            .. audit is null ? [] : new[] { audit(before, after) }], ct);
    }

    private static Meeting Apply(Meeting meeting, ValidMeeting valid) => meeting with
    {
        StartsAt = valid.StartsAt, DurationMinutes = valid.DurationMinutes, Format = valid.Format, SituationId = valid.SituationId,
        ThematicItem = valid.ThematicItem, Title = valid.Title, Documents = valid.Documents, Note = valid.Note,
    };

    internal static string Key(Guid id) => id.ToString("D");

    private static Meeting Read(StoredDocument stored) => JsonSerializer.Deserialize<Meeting>(stored.Json, JsonSerializerOptions.Web)!;

    private static DocumentChange ToChange(Meeting meeting) => new(
        Collection, Key(meeting.Id), meeting.Version, JsonSerializer.Serialize(meeting, JsonSerializerOptions.Web), meeting.UpdatedAt,
        SearchText: string.Join('\n', new[] { meeting.Title, meeting.ThematicItem, meeting.SituationId, meeting.Note }.Concat(meeting.Documents).OfType<string>()),
        // Time order; the id breaks ties between meetings at the same hour.
        SortKey: meeting.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [MonthFacet] = [NewYorkTime.MonthOf(meeting.StartsAt).ToString()],
            [SituationFacet] = meeting.SituationId is null ? [] : [meeting.SituationId],
        });
}
