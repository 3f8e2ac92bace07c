using System.Text.Json;
using InfoHub.Contracts.NewsDigest;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Resolutions;

/// <summary>
/// Stores resolutions and publishes their changes. Each symbol (S/RES or draft) is claimed by one resolution, in a
/// document of its own written in the same transaction, so two records can never carry the same symbol and a symbol is
/// found in one read.
/// </summary>
public sealed class ResolutionStore([FromKeyedServices(NewsDigestExtensions.Service)] IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "resolutions";
    public const string SymbolCollection = "resolution-symbols";
    public const string StatusFacet = "status", SituationFacet = "situation", R2PFacet = "r2p", YearFacet = "year";

    private sealed record SymbolClaim(string Symbol, Guid? ResolutionId);

    /// <summary>The outcome of a write: the resolution as stored, or the symbol another resolution holds, or the version it is at.</summary>
    public sealed record WriteResult(Resolution? Stored, string? SymbolTaken = null, long? CurrentVersion = null);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Resolution?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : JsonSerializer.Deserialize<Resolution>(stored.Json, JsonSerializerOptions.Web);
    }

    /// <summary>The resolution carrying <paramref name="symbol"/> (canonical) as its symbol or draft symbol.</summary>
    public async Task<Resolution?> FindAsync(string symbol, CancellationToken ct) =>
        await ClaimAsync(symbol, ct) is ({ ResolutionId: { } id }, _) ? await GetAsync(id, ct) : null;

    /// <summary>Records a new resolution, at version 1.</summary>
    public async Task<WriteResult> RecordAsync(Resolution resolution, Func<Resolution, DocumentWrite>? audit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = resolution with { Version = 1, CreatedAt = now, UpdatedAt = now };
        return await WriteAsync(null, created, created.State<ResolutionStatusChanged>(Guid.NewGuid()), audit is null ? null : audit(created), ct);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored resolution (retrying on a concurrent write when no version was
    /// expected). <paramref name="change"/> returns null when the change is refused; the result's Stored is then null too.
    /// </summary>
    public async Task<WriteResult?> ChangeAsync(Guid id, long? expectedVersion, bool statusChange, Func<Resolution, Resolution?> change,
        Func<Resolution, Resolution, DocumentWrite>? audit, CancellationToken ct)
    {
        var outcome = await Versioned.WriteAsync(() => GetAsync(id, ct), r => r.Version, expectedVersion, async current =>
        {
            if (change(current) is not { } changed) return new WriteResult(null);
            var updated = changed with { Version = current.Version + 1, UpdatedAt = clock.GetUtcNow() };
            var eventId = Guid.NewGuid();
            ResolutionState @event = statusChange ? updated.State<ResolutionStatusChanged>(eventId) : updated.State<ResolutionUpdated>(eventId);
            return await WriteAsync(current, updated, @event, audit?.Invoke(current, updated), ct);
        });
        if (!outcome.Found) return null;
        return outcome.StaleAt is { } at ? new WriteResult(null, CurrentVersion: at) : outcome.Result;
    }

    public async Task<ResolutionPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query, ct);
        var items = found.Items.Select(d => JsonSerializer.Deserialize<Resolution>(d.Json, JsonSerializerOptions.Web)!).ToList();
        return new ResolutionPage(items, items.Count, found.Total, found.FacetCounts, found.Next);
    }

    private async Task<WriteResult> WriteAsync(Resolution? before, Resolution after, ResolutionState @event, DocumentWrite? audit, CancellationToken ct)
    {
        var writes = new List<DocumentWrite> { new(ToChange(after), [OutboxMessages.Create(@event, @event.EventId, after.UpdatedAt)]) };
        var had = Symbols(before);
        foreach (var symbol in Symbols(after).Except(had))
        {
            var (claim, version) = await ClaimAsync(symbol, ct);
            if (claim?.ResolutionId is { } holder && holder != after.Id) return new WriteResult(null, SymbolTaken: symbol);
            writes.Add(ClaimWrite(new SymbolClaim(symbol, after.Id), version + 1, after.UpdatedAt));
        }
        foreach (var symbol in had.Except(Symbols(after)))
        {
            // A corrected symbol is released for another record; its claim document stays, free.
            var (_, version) = await ClaimAsync(symbol, ct);
            writes.Add(ClaimWrite(new SymbolClaim(symbol, null), version + 1, after.UpdatedAt));
        }
        if (audit is not null) writes.Add(audit);
        try
        {
            await store.SaveAllAsync(writes, ct);
        }
        catch (ConcurrencyConflictException e) when (e.Collection == SymbolCollection)
        {
            return new WriteResult(null, SymbolTaken: e.Id);
        }
        return new WriteResult(after);
    }

    private static IEnumerable<string> Symbols(Resolution? resolution) =>
        resolution is null ? [] : new[] { resolution.Symbol, resolution.DraftSymbol }.OfType<string>();

    private async Task<(SymbolClaim? Claim, long Version)> ClaimAsync(string symbol, CancellationToken ct)
    {
        var stored = await store.GetAsync(SymbolCollection, symbol, ct);
        return stored is null ? (null, 0) : (JsonSerializer.Deserialize<SymbolClaim>(stored.Json, JsonSerializerOptions.Web), stored.Version);
    }

    private static DocumentWrite ClaimWrite(SymbolClaim claim, long version, DateTimeOffset at) =>
        new(new DocumentChange(SymbolCollection, claim.Symbol, version, JsonSerializer.Serialize(claim, JsonSerializerOptions.Web), at), []);

    /// <summary>
    /// Listed by the day of the last step, newest first: the sort key is the days left until the calendar's end, so the
    /// store's ascending order is the tracker's.
    /// </summary>
    private static DocumentChange ToChange(Resolution r) => new(
        Collection, r.Id.ToString(), r.Version, JsonSerializer.Serialize(r, JsonSerializerOptions.Web), r.UpdatedAt,
        SearchText: string.Join('\n', new[] { r.Title, r.Symbol, r.DraftSymbol, r.ThematicItem, r.SituationId }.OfType<string>()),
        SortKey: $"{DateOnly.MaxValue.DayNumber - r.StatusOn.DayNumber:D7} {r.Title.ToLowerInvariant()}",
        Facets: new Dictionary<string, IReadOnlyList<string>>
        {
            [StatusFacet] = [r.Status],
            [SituationFacet] = r.SituationId is null ? [] : [r.SituationId],
            [R2PFacet] = [r.RefersToResponsibilityToProtect ? "yes" : "no"],
            [YearFacet] = [r.StatusOn.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });
}

public sealed record ResolutionPage(
    IReadOnlyList<Resolution> Items, int Count, int Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, string? Next);
