using System.Globalization;
using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Developments;

/// <summary>Stores developments and publishes each change, with its event, in the same write.</summary>
public sealed class DevelopmentStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "developments";
    public const string OrganFacet = "organ";
    public const string SituationFacet = "situation";
    public const string ThemeFacet = "theme";
    /// <summary>The development's language and those it is translated into.</summary>
    public const string LanguageFacet = "language";
    /// <summary>The year, month and day it happened ("2026", "2026-03", "2026-03-05"): see <see cref="Period"/>.</summary>
    public const string PeriodFacet = "period";

    public static readonly IReadOnlyList<string> CountedFacets = [OrganFacet, SituationFacet, ThemeFacet, LanguageFacet];

    /// <param name="content">A validated development; its <see cref="Development.Id"/>, when set, is kept (demo data).</param>
    /// <param name="audit">The audit entry of the change (given none before, and the development after), saved in the same transaction.</param>
    public async Task<Development> PublishAsync(Development content, CancellationToken ct, bool demo = false, Func<Development?, Development, DocumentWrite>? audit = null)
    {
        var now = clock.GetUtcNow();
        var development = content with
        {
            Id = content.Id == Guid.Empty ? Guid.CreateVersion7(now) : content.Id, Demo = demo, Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        await SaveAsync(null, development, development.State<DevelopmentPublished>, audit, ct);
        return development;
    }

    /// <returns>The updated development, or the version it is at when that is not <paramref name="expectedVersion"/>; null when it does not exist.</returns>
    public Task<(Development? Updated, long? CurrentVersion)> UpdateAsync(Guid id, Development content, long? expectedVersion, CancellationToken ct,
        Func<Development?, Development, DocumentWrite>? audit = null) =>
        Versioned.UpdateAsync(() => GetAsync(id, ct), d => d.Version, expectedVersion, _ => content,
            (current, changed) => changed with
            {
                Id = id, Demo = current.Demo, Version = current.Version + 1, CreatedAt = current.CreatedAt, UpdatedAt = clock.GetUtcNow(),
            },
            (before, after) => SaveAsync(before, after, after.State<DevelopmentUpdated>, audit, ct));

    public async Task<Development?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<Development>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>Matches, newest first by the day they happened (ties: the one written last first).</summary>
    public async Task<DevelopmentPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query with { Order = SearchOrder.SortKey }, ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Development>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new DevelopmentPage(items, items.Count, found.Total, found.FacetCounts, found.Next);
    }

    private async Task SaveAsync(Development? before, Development after, Func<Guid, DevelopmentState> state,
        Func<Development?, Development, DocumentWrite>? audit, CancellationToken ct)
    {
        var eventId = Guid.NewGuid();
        await store.SaveAllAsync([new DocumentWrite(ToChange(after), [OutboxMessages.Create(state(eventId), eventId, after.UpdatedAt)]),
            .. audit is null ? [] : new[] { audit(before, after) }], ct);
    }

    private static DocumentChange ToChange(Development d) => new(
        Collection, d.Id.ToString(), d.Version, JsonSerializer.Serialize(d, JsonSerializerOptions.Web), d.UpdatedAt,
        SearchText: string.Join('\n', new[] { d.Headline, d.Summary, d.Body }
            .Concat(d.Translations.Values.SelectMany(t => new[] { t.Headline, t.Summary, t.Body })).Concat(d.Documents)),
        SortKey: NewestFirst(d),
        Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [OrganFacet] = [d.Organ],
            [SituationFacet] = d.Situations,
            [ThemeFacet] = d.Themes,
            [LanguageFacet] = [d.Language, .. d.Translations.Keys],
            [PeriodFacet] = DayPeriods.Of(d.Date),
        });

    /// <summary>A key that sorts ascending as the newest day first, then the one written last first.</summary>
    private static string NewestFirst(Development d) => string.Create(CultureInfo.InvariantCulture,
        $"{DateOnly.MaxValue.DayNumber - d.Date.DayNumber:D7}-{DateTimeOffset.MaxValue.UtcTicks - d.CreatedAt.UtcTicks:D19}");

}

public sealed record DevelopmentPage(
    IReadOnlyList<Development> Items, int Count, int Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, string? Next);
