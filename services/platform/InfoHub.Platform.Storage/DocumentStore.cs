namespace InfoHub.Platform.Storage;

/// <summary>
/// The storage port: the one abstraction that lets a service run on SQLite or MongoDB.
/// A service keeps JSON documents in named collections, each with a per-document version,
/// and stores the events a change causes in the same atomic write (the transactional outbox).
/// </summary>
public interface IDocumentStore : IOutboxStore, IAuditLog
{
    /// <summary>The owning service, e.g. "directory". One store per service; services never share one.</summary>
    string Service { get; }

    /// <summary>Raised (from any thread) after a write that queued outbox messages.</summary>
    OutboxSignal OutboxSignal { get; }

    Task InitializeAsync(CancellationToken ct);

    Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct);

    /// <summary>
    /// Writes <paramref name="change"/> and queues <paramref name="events"/> atomically.
    /// Inserts when <see cref="DocumentChange.Version"/> is 1; otherwise updates only when the stored
    /// version is <c>Version - 1</c>. Throws <see cref="ConcurrencyConflictException"/> when that is not so.
    /// </summary>
    Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct);

    /// <summary>
    /// Several <see cref="SaveAsync"/>s as one: every write lands, with its events, or none does (a version conflict
    /// on any throws <see cref="ConcurrencyConflictException"/> and leaves everything as it was). For imports and for
    /// changes that touch several documents, such as removing an organization with its positions.
    /// </summary>
    Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct);

    /// <summary>
    /// Rewrites a live document at the version it has (<see cref="DocumentChange.Version"/> must be the stored one):
    /// for a new way of deriving its search text, facets or sort key, with no new version and no event. False when the
    /// document is missing, removed or at another version (a writer got there first, with the new derivation).
    /// </summary>
    Task<bool> ReindexAsync(DocumentChange change, CancellationToken ct);

    /// <summary>
    /// Replica write: stores the document only when <paramref name="change"/> carries a newer version than
    /// the stored one. Returns false (and changes nothing) for a duplicate or out-of-order event.
    /// </summary>
    Task<bool> ApplyIfNewerAsync(DocumentChange change, CancellationToken ct);

    /// <summary>
    /// Full-text search (or, with no text, the first documents by sort key) narrowed by facet filters; never more than
    /// <see cref="SearchQuery.MaxLimit"/> rows. Also counts all matches, and the values of each facet the query asks
    /// counts for — each facet counted under every filter but its own, so a user sees the alternatives they could pick.
    /// </summary>
    Task<SearchResult> SearchAsync(string collection, SearchQuery query, CancellationToken ct);

    /// <summary>
    /// Every document of a collection by id, after <paramref name="afterId"/> (ordinal order), at most
    /// <paramref name="limit"/> (bounded to 1,000) — tombstones included, flagged <see cref="StoredDocument.Deleted"/>.
    /// For snapshots and exports that must see everything, not only what a search would rank.
    /// </summary>
    Task<IReadOnlyList<StoredDocument>> ScanAsync(string collection, string? afterId, int limit, CancellationToken ct);

    /// <summary>
    /// How many documents a collection holds, tombstones included, and the sum of their versions. Documents are never
    /// dropped and versions only grow, so both only ever grow: a replica that sums to less than its source has missed changes.
    /// </summary>
    Task<CollectionSummary> SummarizeAsync(string collection, CancellationToken ct);

    /// <summary>Cheap round trip for readiness checks.</summary>
    Task PingAsync(CancellationToken ct);
}

/// <param name="Deleted">A tombstone: only <see cref="IDocumentStore.ScanAsync"/> returns these.</param>
public sealed record StoredDocument(string Id, long Version, string Json, DateTimeOffset UpdatedAt, bool Deleted = false);

public sealed record CollectionSummary(long Count, long VersionSum);

/// <summary>One document change with the events it causes, for <see cref="IDocumentStore.SaveAllAsync"/>.</summary>
public sealed record DocumentWrite(DocumentChange Change, IReadOnlyList<OutboxMessage> Events);

/// <summary>
/// A document's new state. <see cref="SearchText"/> feeds the full-text index; <see cref="SortKey"/> orders unranked
/// listings; <see cref="Facets"/> (facet name → values, e.g. "theme" → ["prevention", "early-warning"]) can be filtered and counted.
/// <see cref="Deleted"/> makes it a tombstone: the version stays (so a late, older replica event cannot bring the document
/// back, and the id is never reused) but <see cref="IDocumentStore.GetAsync"/> and searches no longer see it.
/// </summary>
public sealed record DocumentChange(
    string Collection,
    string Id,
    long Version,
    string Json,
    DateTimeOffset UpdatedAt,
    string? SearchText = null,
    string? SortKey = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Facets = null,
    bool Deleted = false);

/// <summary>
/// A page of matches, how many there are in all, and per requested facet how many matches carry each value.
/// <see cref="Next"/> continues after the last item when the page is full (none where the adapter knows nothing follows).
/// </summary>
public sealed record SearchResult(
    IReadOnlyList<StoredDocument> Items,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> FacetCounts,
    string? Next = null);

/// <summary>
/// Opaque keyset cursors: the order they belong to and the position (key, id) after which the next page starts. The key
/// is the sort key for <see cref="SearchOrder.SortKey"/>, the adapter's own rendering of the update time for
/// <see cref="SearchOrder.Newest"/>, and the score with the sort key (<see cref="RankKey"/>) for
/// <see cref="SearchOrder.Relevance"/>. Under the first two, documents inserted or changed meanwhile never make a page
/// repeat or skip one that was there before (a document updated meanwhile may move, under <see cref="SearchOrder.Newest"/>,
/// to the first page). Under relevance, a page continues from the same score; but a score depends on every document (how
/// rare each word is), so a change to the collection between pages may move a document across the page boundary.
/// </summary>
public static class SearchCursor
{
    private const char Separator = '\u001f';

    public static string Encode(SearchOrder order, string key, string id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Marker(order) + key + Separator + id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? cursor, SearchOrder order, out string key, out string id)
    {
        key = id = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 2048) return false;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var at = text.IndexOf(Separator);
            if (at < 1 || text[0] != Marker(order)) return false;
            (key, id) = (text[1..at], text[(at + 1)..]);
            return id.Length > 0 && (order != SearchOrder.Relevance || TryReadRankKey(key, out _, out _));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static char Marker(SearchOrder order) => order switch
    {
        SearchOrder.SortKey => 'k',
        SearchOrder.Newest => 'u',
        _ => 'r',
    };

    private const char RankSeparator = '\u001e';

    /// <summary>The key of a relevance cursor: the score (exactly, as it round-trips) and the sort key that breaks ties.</summary>
    public static string RankKey(double score, string sortKey) =>
        score.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + RankSeparator + sortKey;

    public static bool TryReadRankKey(string key, out double score, out string sortKey)
    {
        sortKey = "";
        var at = key.IndexOf(RankSeparator);
        if (at < 1 || !double.TryParse(key.AsSpan(0, at), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out score)
                   || !double.IsFinite(score))
        {
            score = 0;
            return false;
        }
        sortKey = key[(at + 1)..];
        return true;
    }
}


/// <summary>
/// How matches are ordered: by text relevance (then sort key), by sort key alone, or most recently updated first
/// (then by id, descending). Relevance without text falls back to sort key.
/// </summary>
public enum SearchOrder { Relevance, SortKey, Newest }

/// <param name="Filters">Facet name → accepted values: a document must carry one of the values of every facet named.</param>
/// <param name="CountFacets">Facets whose value counts the result should carry.</param>
/// <param name="After">A <see cref="SearchResult.Next"/> cursor: continue after it (in the same <see cref="EffectiveOrder"/>).</param>
public sealed partial record SearchQuery(
    string? Text,
    int Limit = SearchQuery.DefaultLimit,
    SearchOrder Order = SearchOrder.Relevance,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Filters = null,
    IReadOnlyList<string>? CountFacets = null,
    string? After = null)
{
    /// <summary>The order the adapter applies: relevance only when there is text to rank by.</summary>
    public SearchOrder EffectiveOrder => Order == SearchOrder.Relevance && Terms.Count == 0 ? SearchOrder.SortKey : Order;

    /// <summary>Ordered by sort key: no text to rank by, or asked so.</summary>
    public bool OrderedBySortKey => EffectiveOrder == SearchOrder.SortKey;

    /// <summary>
    /// The decoded <see cref="After"/> position (key, id); throws for a cursor this API never issued or one issued for
    /// another order.
    /// </summary>
    public (string Key, string Id)? Position()
    {
        if (After is null) return null;
        return SearchCursor.TryDecode(After, EffectiveOrder, out var key, out var id)
            ? (key, id)
            : throw new ArgumentException("The cursor is not one this API issued for this order.", nameof(After));
    }

    /// <summary>The cursor to the page after <paramref name="last"/>, given the key it was ordered by.</summary>
    public string? NextCursor(int count, string lastKey, string lastId) =>
        count == BoundedLimit ? SearchCursor.Encode(EffectiveOrder, lastKey, lastId) : null;

    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxTextLength = 200;

    public int BoundedLimit => Math.Clamp(Limit, 1, MaxLimit);

    /// <summary>The filters that constrain anything (a facet with no accepted value is ignored).</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ActiveFilters =>
        Filters?.Where(f => f.Value.Count > 0).OrderBy(f => f.Key, StringComparer.Ordinal).ToList() ?? [];

    /// <summary>The answer when nothing can match: no items, and empty counts for each requested facet.</summary>
    public SearchResult NoMatches() =>
        new([], 0, (CountFacets ?? []).Distinct().ToDictionary(f => f, IReadOnlyDictionary<string, int> (_) => new Dictionary<string, int>()));

    /// <summary>Text was given but holds no searchable word (only punctuation or stop words): nothing can match.</summary>
    public bool MatchesNothing => !string.IsNullOrWhiteSpace(Text) && Terms.Count == 0;

    /// <summary>The words of <see cref="Text"/>, lower-cased, without punctuation: safe to hand to any text engine.</summary>
    public IReadOnlyList<string> Terms =>
        string.IsNullOrWhiteSpace(Text)
            ? []
            : WordPattern().Matches(Text)
                  .Select(m => m.Value.ToLowerInvariant())
                  .Where(t => !StopWords.Contains(t))
                  .Distinct()
                  .Take(16)
                  .ToList();

    /// <summary>A word too common to narrow a search (lower case); adapters neither index nor look for these.</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>A word too common to narrow a search (lower case, as <see cref="Indexing.TextAnalyzer"/> folds it).</summary>
    public static bool IsStopWord(ReadOnlySpan<char> word) => StopWordLookup.Contains(word);

    /// <summary>Words too common to narrow a search, in the network's three working languages; MongoDB drops them too.</summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "of", "or", "the", "to", "in", "on", "for", "with", "by", "at",
        "de", "des", "du", "et", "la", "le", "les", "ou", "en", "un", "une",
        "del", "el", "los", "las", "y", "o", "con", "por", "para",
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    [System.Text.RegularExpressions.GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial System.Text.RegularExpressions.Regex WordPattern();
}

public sealed class ConcurrencyConflictException(string collection, string id, long expectedVersion)
    : Exception($"{collection}/{id} is no longer at version {expectedVersion}.")
{
    public string Collection { get; } = collection;
    public string Id { get; } = id;
    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>Wakes the outbox relay as soon as a write queued events, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    // 1 while a wake-up is pending: every commit notifies, and under load most find one pending already, so they
    // return here instead of having the semaphore throw (an exception per write cost more than the write's own work).
    private int _pending;

    public void Notify()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _semaphore.Release();
    }

    /// <summary>
    /// Waits for a notification. The pending flag is cleared on waking, before the caller reads the outbox: a commit
    /// notifying in between found the flag set and did not signal, but its rows are already there for that read.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (await _semaphore.WaitAsync(timeout, ct)) Volatile.Write(ref _pending, 0);
    }
}
