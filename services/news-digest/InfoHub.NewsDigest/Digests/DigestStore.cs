using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using Microsoft.Extensions.Options;

namespace InfoHub.NewsDigest.Digests;

/// <summary>
/// <c>NewsDigest:Digest</c>: when the weekly draft is prepared (a cron expression, in <see cref="TimeZone"/>), the period it
/// covers, how far ahead it looks at the Council's agenda, and the language it is drafted in.
/// </summary>
public sealed class DigestOptions
{
    public const string Section = "NewsDigest:Digest";

    /// <summary>Cron (five fields), e.g. "0 6 * * 1": Mondays at 06:00. Empty turns the schedule off.</summary>
    public string Schedule { get; set; } = "0 6 * * 1";
    /// <summary>An IANA or Windows time zone id for <see cref="Schedule"/>.</summary>
    public string TimeZone { get; set; } = "America/New_York";
    [System.ComponentModel.DataAnnotations.Range(1, 62)]
    public int PeriodDays { get; set; } = 7;
    [System.ComponentModel.DataAnnotations.Range(1, 62)]
    public int AgendaDays { get; set; } = 14;
    public string Language { get; set; } = "en";
}

/// <summary>Drafts a digest from every source, its items in section order and, within a section, by when they happen.</summary>
public sealed class DigestDrafter(IEnumerable<IDigestSource> sources, IOptions<DigestOptions> options, TimeProvider clock)
{
    public async Task<Digest> DraftAsync(Guid id, DateOnly from, DateOnly to, string? language, string draftedBy, CancellationToken ct, bool demo = false)
    {
        var period = new DigestPeriod(from, to, to.AddDays(options.Value.AgendaDays));
        var items = new List<DigestItem>();
        foreach (var source in sources) items.AddRange(await source.ItemsAsync(period, ct));
        var written = language ?? options.Value.Language;
        var now = clock.GetUtcNow();
        return new Digest
        {
            Id = id, From = from, To = to, Status = DigestStatus.Draft, Language = written,
            Title = DigestWords.Get(written, "title", DigestWords.Period(written, from, to)),
            Translations = DigestWords.Languages.Where(l => l != written)
                .ToDictionary(l => l, l => new DigestText(DigestWords.Get(l, "title", DigestWords.Period(l, from, to)), null)),
            Items = items.OrderBy(i => DigestSectionsOrder(i.Section)).ThenBy(i => i.At).ToList(),
            DraftedBy = draftedBy, Demo = demo, Version = 1, CreatedAt = now, UpdatedAt = now,
        };
    }

    private static int DigestSectionsOrder(string section) => DigestSections.InOrder.ToList().IndexOf(section);
}

/// <summary>Stores digests. Drafts are private and change without events; publishing and errata are announced.</summary>
public sealed class DigestStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "digests";
    public const string StatusFacet = "status";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Digest?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<Digest>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>Stores a new draft and announces it to the secretariat; false when a digest with its id exists already.</summary>
    public async Task<bool> CreateAsync(Digest draft, DocumentWrite? audit, CancellationToken ct)
    {
        var eventId = Guid.NewGuid();
        var drafted = new DigestDrafted
        {
            EventId = eventId, DigestId = draft.Id, Version = draft.Version, OccurredAt = draft.UpdatedAt, From = draft.From, To = draft.To,
            Title = draft.Title, ItemCount = draft.Items.Count, DraftedBy = draft.DraftedBy,
        };
        try
        {
            await store.SaveAllAsync([new DocumentWrite(ToChange(draft), [OutboxMessages.Create(drafted, eventId, draft.UpdatedAt)]), .. audit is null ? [] : new[] { audit }], ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> (null: refused) to the stored digest, with the event it causes, if any.
    /// Returns null when there is no such digest, else the stored result or the version the digest is at.
    /// </summary>
    public async Task<(Digest? Stored, long? CurrentVersion)?> ChangeAsync(Guid id, long? expectedVersion,
        Func<Digest, (Digest Changed, object? Event, Guid EventId)?> change, Func<Digest, Digest, DocumentWrite>? audit, CancellationToken ct)
    {
        var outcome = await Versioned.WriteAsync(() => GetAsync(id, ct), d => d.Version, expectedVersion, async current =>
        {
            if (change(current with { Version = current.Version + 1, UpdatedAt = clock.GetUtcNow() }) is not var (changed, @event, eventId)) return null;
            await store.SaveAllAsync([new DocumentWrite(ToChange(changed), @event is null ? [] : [OutboxMessages.Create(@event, eventId, changed.UpdatedAt)]),
                .. audit is null ? [] : new[] { audit(current, changed) }], ct);
            return changed;
        });
        if (!outcome.Found) return null;
        return outcome.StaleAt is { } at ? (null, at) : (outcome.Result, outcome.Result?.Version);
    }

    public async Task<DigestPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query with { Order = SearchOrder.SortKey }, ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Digest>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new DigestPage(items.Select(DigestSummary.Of).ToList(), items.Count, found.Total, found.Next);
    }

    /// <summary>The newest published digests, whole (for the feed).</summary>
    public async Task<IReadOnlyList<Digest>> NewestPublishedAsync(int count, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, new SearchQuery(null, count, SearchOrder.SortKey,
            new Dictionary<string, IReadOnlyList<string>> { [StatusFacet] = [DigestStatus.Published] }), ct);
        return found.Items.Select(d => JsonSerializer.Deserialize<Digest>(d.Json, JsonSerializerOptions.Web)!).ToList();
    }

    /// <summary>Newest period first: the key is the days left until the calendar's end.</summary>
    private static DocumentChange ToChange(Digest d) => new(
        Collection, d.Id.ToString(), d.Version, JsonSerializer.Serialize(d, JsonSerializerOptions.Web), d.UpdatedAt,
        SearchText: string.Join('\n', new[] { d.Title, d.Introduction }.OfType<string>().Concat(d.Items.Select(i => i.Headline))),
        SortKey: string.Create(CultureInfo.InvariantCulture, $"{DateOnly.MaxValue.DayNumber - d.To.DayNumber:D7}-{DateOnly.MaxValue.DayNumber - d.From.DayNumber:D7}-{d.Id}"),
        Facets: new Dictionary<string, IReadOnlyList<string>> { [StatusFacet] = [d.Status] });
}

/// <summary>A digest in a list: what it covers, without its items.</summary>
public sealed record DigestSummary(Guid Id, DateOnly From, DateOnly To, string Status, string Title, IReadOnlyList<string> Languages,
    int ItemCount, int ErrataCount, DateTimeOffset? PublishedAt, bool Demo, long Version)
{
    public static DigestSummary Of(Digest d) =>
        new(d.Id, d.From, d.To, d.Status, d.Title, d.Languages, d.Items.Count, d.Errata.Count, d.PublishedAt, d.Demo, d.Version);
}

public sealed record DigestPage(IReadOnlyList<DigestSummary> Items, int Count, int Total, string? Next);
