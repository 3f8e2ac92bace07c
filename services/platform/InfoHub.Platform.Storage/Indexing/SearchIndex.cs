using System.Buffers;
using System.Runtime.InteropServices;

namespace InfoHub.Platform.Storage.Indexing;

/// <summary>A document's state as a store hands it to the <see cref="SearchIndex"/>: what is searched, sorted and counted.</summary>
/// <param name="Version">The document's version: a state older than (or as old as) the one indexed is ignored, so states
/// may arrive late or twice (a store's own write, then the same write again from its change feed).</param>
/// <param name="UpdatedAt">The store's fixed-width rendering of the update time, which sorts as the time does.</param>
public sealed record IndexedDocument(
    string Collection,
    string Id,
    long Version,
    string SortKey,
    string UpdatedAt,
    string? Text,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Facets,
    bool Deleted)
{
    /// <summary>The fixed-width rendering of an update time that every store hands the index: it sorts as the time does.</summary>
    public static string RenderTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="SearchIndex.Search"/> finds: the page (document ids, in order), the total, the facet counts and the next cursor.</summary>
public sealed record IndexAnswer(
    IReadOnlyList<string> Page,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> FacetCounts,
    string? Next)
{
    /// <summary>
    /// The answer with the page's documents as the store read them, in the page's order. A document removed since the
    /// index answered is left out rather than shown stale.
    /// </summary>
    public SearchResult WithPage(IReadOnlyCollection<StoredDocument> found)
    {
        var byId = found.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return new SearchResult(Page.Where(byId.ContainsKey).Select(id => byId[id]).ToList(), Total, FacetCounts, Next);
    }
}

/// <summary>
/// An in-memory search index over a store's documents: an inverted index of stemmed words (English, French and Spanish,
/// see <see cref="TextAnalyzer"/>) ranked by the number of query words matched, then BM25, posting
/// lists of facet values, and the sort and update keys. Searching it costs no I/O: the store only reads the page's
/// bodies. Each facet is counted under every filter but its own in one pass over the candidates.
/// </summary>
/// <remarks>
/// A new state of a document takes a new slot and marks the old one dead, so posting lists only ever grow at the
/// end and stay ordered; once dead slots outnumber live ones, the index is rebuilt from the live ones. Safe for any
/// number of concurrent searches and one writer at a time.
/// </remarks>
public sealed class SearchIndex
{
    // BM25's usual constants: how fast repeating a word stops adding to the score, and how much length normalizes it.
    private const double K1 = 1.2;
    private const double B = 0.75;

    private const int MaxQueryWords = 16;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Slots as columns (one array per attribute, indexed by slot) rather than one object each: a search over 20,000
    // documents reads these in sequence instead of chasing 20,000 pointers across the heap.
    private Slots _slots = new();
    private readonly Dictionary<(int Collection, string Id), int> _slotOfKey = [];
    // The versions of removed documents, so that a late, older state cannot bring one back.
    private readonly Dictionary<(int Collection, string Id), long> _removedAt = [];
    private int _dead;

    private readonly Dictionary<string, int> _collectionIds = new(StringComparer.Ordinal);
    private readonly List<CollectionEntry> _collections = [];

    private readonly Dictionary<string, int> _facetIds = new(StringComparer.Ordinal);
    private readonly List<List<int>> _valuesOfFacet = [];
    private readonly Dictionary<(int Facet, string Value), int> _valueIds = [];
    private readonly List<int> _facetOfValue = [];
    private readonly List<string> _valueNames = [];
    private readonly List<Postings> _valuePostings = [];

    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _sortedTerms = new(StringComparer.Ordinal);
    private readonly List<Postings> _termPostings = [];

    // The languages (as one character) and the word as written → its term ids (none: a stop word), so that indexing a
    // known word allocates nothing.
    private readonly Dictionary<string, int[]> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;
    // Used by the one writer only (under the write lock).
    private readonly Stemmers _stemmers = new();
    private readonly List<string> _termScratch = [];

    public SearchIndex() => _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Live documents indexed, over every collection.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slotOfKey.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>
    /// Takes in new states of documents; a deleted one leaves the index. A state no newer than the one the index holds
    /// (or removed) is ignored, so the order and repetition of states from several sources do not matter. With
    /// <paramref name="sameVersionReplaces"/>, a state as new as the indexed one replaces it: the caller knows it is the
    /// latest (a re-derived search text keeps its version; see <see cref="IDocumentStore.ReindexAsync"/>).
    /// </summary>
    public void Apply(IEnumerable<IndexedDocument> documents, bool sameVersionReplaces = false)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var document in documents)
            {
                var key = (CollectionId(document.Collection), document.Id);
                if (_slotOfKey.TryGetValue(key, out var slot) && _slots.Version.Items[slot] is var indexed
                    && (indexed > document.Version || (indexed == document.Version && !sameVersionReplaces))) continue;
                if (_removedAt.TryGetValue(key, out var removed) && removed >= document.Version) continue;
                Remove(key);
                if (document.Deleted) _removedAt[key] = document.Version;
                else
                {
                    _removedAt.Remove(key);
                    Add(key.Item1, document);
                }
            }
            if (_dead > 1024 && _dead * 2 > _slots.Count) Compact();
        }
        finally { _lock.ExitWriteLock(); }
    }

    private int CollectionId(string name)
    {
        if (_collectionIds.TryGetValue(name, out var collection)) return collection;
        collection = _collections.Count;
        _collectionIds[name] = collection;
        _collections.Add(new CollectionEntry());
        return collection;
    }

    private void Remove((int Collection, string Id) key)
    {
        if (!_slotOfKey.Remove(key, out var index)) return;
        _slots.Live.Items[index] = false;
        var collection = _collections[_slots.Collection.Items[index]];
        collection.Live--;
        collection.TotalLength -= _slots.Length.Items[index];
        _dead++;
    }

    private void Add(int collection, IndexedDocument document)
    {
        var frequencies = new Dictionary<int, int>();
        var length = 0;
        if (!string.IsNullOrWhiteSpace(document.Text))
        {
            TextAnalyzer.Words(document.Text, (folded, written, languages) =>
            {
                var terms = TermsOf(folded, written, languages);
                if (terms.Length == 0) return;
                length++;
                foreach (var term in terms) frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
            });
        }

        var values = new List<int>();
        foreach (var (facet, facetValues) in document.Facets ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var facetId = FacetId(facet, create: true);
            foreach (var value in facetValues)
            {
                var valueId = ValueId(facetId, value);
                if (!values.Contains(valueId)) values.Add(valueId);
            }
        }

        Place(document.Version, collection, document.Id, document.SortKey, document.UpdatedAt, length,
            [.. values], [.. frequencies.Keys], [.. frequencies.Values]);
    }

    /// <summary>Appends a slot and its postings (for a new state, and again for each live slot when compacting).</summary>
    private void Place(long version, int collection, string id, string sortKey, string updatedAt, int length,
        ReadOnlySpan<int> values, ReadOnlySpan<int> terms, ReadOnlySpan<int> frequencies)
    {
        var index = _slots.Add(version, collection, id, sortKey, updatedAt, length, values, terms, frequencies);
        _slotOfKey[(collection, id)] = index;
        var entry = _collections[collection];
        entry.Postings.Add(index, 0);
        entry.Live++;
        entry.TotalLength += length;
        foreach (var value in values) _valuePostings[value].Add(index, 0);
        for (var i = 0; i < terms.Length; i++) _termPostings[terms[i]].Add(index, frequencies[i]);
    }

    private void Compact()
    {
        var old = _slots;
        _slots = new Slots();
        _slotOfKey.Clear();
        _dead = 0;
        foreach (var collection in _collections)
        {
            collection.Postings.Clear();
            collection.Live = 0;
            collection.TotalLength = 0;
        }
        foreach (var postings in _valuePostings) postings.Clear();
        foreach (var postings in _termPostings) postings.Clear();
        for (var i = 0; i < old.Count; i++)
            if (old.Live.Items[i])
                Place(old.Version.Items[i], old.Collection.Items[i], old.Ids.Items[i], old.SortKeys.Items[i], old.UpdatedAt.Items[i],
                    old.Length.Items[i], old.ValuesOf(i), old.TermsOf(i), old.FrequenciesOf(i));
    }

    private int[] TermsOf(ReadOnlySpan<char> folded, ReadOnlySpan<char> written, TextLanguages languages)
    {
        Span<char> key = stackalloc char[written.Length + 1];
        key[0] = (char)('0' + (int)languages);
        written.CopyTo(key[1..]);
        if (_wordLookup.TryGetValue(key, out var known)) return known;
        _termScratch.Clear();
        TextAnalyzer.Terms(folded, written, languages, _stemmers, _termScratch);
        var ids = _termScratch.Select(TermId).ToArray();
        // Remember the word → terms mapping, but not without bound: a stream of unique words (ids, typos) would grow it forever.
        if (_words.Count < 1_000_000) _words[key.ToString()] = ids;
        return ids;
    }

    private int TermId(string term)
    {
        if (_termIds.TryGetValue(term, out var id)) return id;
        id = _termPostings.Count;
        _termIds[term] = id;
        _sortedTerms.Add(term);
        _termPostings.Add(new Postings(withFrequencies: true));
        return id;
    }

    private int FacetId(string facet, bool create)
    {
        if (_facetIds.TryGetValue(facet, out var id)) return id;
        if (!create) return -1;
        id = _valuesOfFacet.Count;
        _facetIds[facet] = id;
        _valuesOfFacet.Add([]);
        return id;
    }

    private int ValueId(int facet, string value)
    {
        if (_valueIds.TryGetValue((facet, value), out var id)) return id;
        id = _facetOfValue.Count;
        _valueIds[(facet, value)] = id;
        _facetOfValue.Add(facet);
        _valueNames.Add(value);
        _valuePostings.Add(new Postings(withFrequencies: false));
        _valuesOfFacet[facet].Add(id);
        return id;
    }

    /// <summary>
    /// The page of matches in the query's order, the total, and the counts of the facets asked for. Throws
    /// <see cref="ArgumentException"/> for a cursor this API never issued (see <see cref="SearchQuery.Position"/>).
    /// </summary>
    public IndexAnswer Search(string collectionName, SearchQuery query)
    {
        var position = query.Position();
        var words = TextAnalyzer.QueryWords(query.Text, MaxQueryWords);
        // Text with no word to look for (only punctuation or stop words) matches nothing.
        if (!string.IsNullOrWhiteSpace(query.Text) && words.Count == 0) return Empty(query);

        _lock.EnterReadLock();
        // Scratch arrays, one entry per slot, are rented: at tens of thousands of slots they would otherwise be
        // allocated on the large object heap by every search.
        using var scratch = new Scratch();
        try
        {
            if (!_collectionIds.TryGetValue(collectionName, out var collection)) return Empty(query);
            var slots = _slots;

            // 1. Candidates: the documents holding the query's words (see MatchText), with their scores, or every
            // document of the collection.
            double[]? scores = null;
            List<int> candidates;
            if (words.Count > 0) (candidates, scores) = MatchText(collection, words, scratch);
            else
            {
                var postings = _collections[collection].Postings;
                candidates = new List<int>(_collections[collection].Live);
                var live = slots.Live.Items;
                for (var i = 0; i < postings.Count; i++)
                    if (live[postings.Slots[i]]) candidates.Add(postings.Slots[i]);
            }

            // 2. Filters, as sets of slots: a document passes one when it carries any of its values.
            var filters = new List<(int Facet, bool[] Passes)>();
            foreach (var (name, accepted) in query.ActiveFilters)
            {
                var facet = FacetId(name, create: false);
                var passes = scratch.Rent<bool>(slots.Count);
                if (facet >= 0)
                    foreach (var value in accepted.Distinct())
                        if (_valueIds.TryGetValue((facet, value), out var valueId))
                        {
                            var postings = _valuePostings[valueId];
                            for (var i = 0; i < postings.Count; i++) passes[postings.Slots[i]] = true;
                        }
                filters.Add((facet, passes));
            }

            // 3. One pass: a candidate failing no filter is a match and counts for every facet asked for; one failing a
            // single filter counts for that filter's facet only (each facet is counted under every filter but its own).
            var wanted = (query.CountFacets ?? []).Distinct().ToList();
            var counted = new bool[_valuesOfFacet.Count];
            foreach (var facet in wanted)
                if (FacetId(facet, create: false) is var id and >= 0) counted[id] = true;
            var counts = scratch.Rent<int>(_facetOfValue.Count);
            var facetOfValue = CollectionsMarshal.AsSpan(_facetOfValue);
            var pool = slots.ValuePool.Items;
            var matches = new List<int>();
            foreach (var index in candidates)
            {
                int fails = 0, failed = -1;
                foreach (var filter in filters)
                {
                    if (filter.Passes[index]) continue;
                    failed = filter.Facet;
                    if (++fails > 1) break;
                }
                if (fails > 1 || (fails == 1 && (failed < 0 || !counted[failed]))) continue;
                var values = pool.AsSpan(slots.ValueStart.Items[index], slots.ValueCount.Items[index]);
                if (fails == 0)
                {
                    matches.Add(index);
                    foreach (var value in values)
                        if (counted[facetOfValue[value]]) counts[value]++;
                }
                else
                {
                    foreach (var value in values)
                        if (facetOfValue[value] == failed) counts[value]++;
                }
            }

            var facetCounts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
            foreach (var facet in wanted)
            {
                var valueCounts = new Dictionary<string, int>(StringComparer.Ordinal);
                if (FacetId(facet, create: false) is var id and >= 0)
                    foreach (var value in _valuesOfFacet[id])
                        if (counts[value] > 0) valueCounts[_valueNames[value]] = counts[value];
                facetCounts[facet] = valueCounts;
            }

            // 4. The page: the first matches in the query's order after the cursor.
            var order = query.EffectiveOrder;
            var compare = Comparison(order, scores);
            var after = position is { } from ? matches.Where(After(order, scores, from.Key, from.Id)).ToList() : matches;
            // Slots are in write order, so newest first mostly means last first: met in that order, few of them displace
            // one already kept.
            if (order == SearchOrder.Newest) after.Reverse();
            var page = Top(after, query.BoundedLimit, compare);
            string? next = null;
            if (after.Count > page.Count) // a cursor only where another page has something to show
            {
                var last = page[^1];
                var key = order switch
                {
                    SearchOrder.Newest => slots.UpdatedAt.Items[last],
                    SearchOrder.Relevance when scores is not null => SearchCursor.RankKey(scores[last], slots.SortKeys.Items[last]),
                    _ => slots.SortKeys.Items[last],
                };
                next = query.NextCursor(page.Count, key, slots.Ids.Items[last]);
            }
            return new IndexAnswer(page.Select(i => slots.Ids.Items[i]).ToList(), matches.Count, facetCounts, next);
        }
        finally { _lock.ExitReadLock(); }
    }

    private static IndexAnswer Empty(SearchQuery query)
    {
        var none = query.NoMatches();
        return new IndexAnswer([], 0, none.FacetCounts, null);
    }

    /// <summary>
    /// The live documents of the collection that match the query's words, and their scores (indexed by slot). A document
    /// matches a word when it holds one of the word's stems or a term the word begins. Every word contributes: a
    /// document's score is the number of words it matches times <see cref="CoordinationWeight"/>, plus their BM25 sum,
    /// so documents matching more words come first, those matching all of them before any other. A word held by more
    /// than <see cref="CommonShare"/> of the collection is common: it adds to the score of the documents that match
    /// other words, but makes no match on its own. A document matches when it holds enough of the query's words
    /// (<see cref="MinimumWords"/>), or a rare word and at least <see cref="RareWeightShare"/> of the query's idf.
    /// When no document qualifies, the matches are the documents holding as many of the words as any does.
    /// </summary>
    private (List<int> Matches, double[] Scores) MatchText(int collection, IReadOnlyList<QueryWord> words, Scratch scratch)
    {
        var entry = _collections[collection];
        var documents = Math.Max(entry.Live, 1);
        var averageLength = Math.Max((double)entry.TotalLength / documents, 1);
        var count = _slots.Count;
        var (live, collectionOf, length) = (_slots.Live.Items, _slots.Collection.Items, _slots.Length.Items);
        var scores = scratch.Rent<double>(count);
        var matchedWords = scratch.Rent<int>(count);
        var matchesRareWord = scratch.Rent<bool>(count);
        var frequency = scratch.Rent<int>(count);
        var weight = scratch.Rent<double>(count); // the idf of the words each document holds, summed
        var totalWeight = 0.0;
        var touched = new List<int>();
        var found = new List<int>();
        var mostWords = 0;
        foreach (var word in words)
        {
            touched.Clear();
            foreach (var termId in TermIds(word))
            {
                var postings = _termPostings[termId];
                for (var i = 0; i < postings.Count; i++)
                {
                    var index = postings.Slots[i];
                    if (!live[index] || collectionOf[index] != collection) continue;
                    if (frequency[index] == 0) touched.Add(index);
                    // The most frequent of the word's terms: one written word may have left several stems.
                    frequency[index] = Math.Max(frequency[index], postings.Frequencies![i]);
                }
            }
            if (touched.Count == 0) continue;

            var rare = touched.Count <= documents * CommonShare;
            var idf = Math.Log(1 + (documents - touched.Count + 0.5) / (touched.Count + 0.5));
            totalWeight += idf;
            foreach (var index in touched)
            {
                weight[index] += idf;
                if (matchedWords[index]++ == 0) found.Add(index);
                mostWords = Math.Max(mostWords, matchedWords[index]);
                if (rare) matchesRareWord[index] = true;
                double f = frequency[index];
                scores[index] += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length[index] / averageLength));
                frequency[index] = 0;
            }
        }

        // A match holds enough of the words (see MinimumWords), or a rare word with enough of the query's weight: a
        // rare word alone makes a match ("Darfur peace prevention"), one of five fragments of an id does not. Failing
        // any, the documents holding the most words there are.
        var minimum = MinimumWords(words.Count);
        var matches = new List<int>(found.Count);
        foreach (var index in found)
            if (matchedWords[index] >= minimum || (matchesRareWord[index] && weight[index] >= RareWeightShare * totalWeight)) matches.Add(index);
        if (matches.Count == 0)
            foreach (var index in found)
                if (matchedWords[index] == mostWords) matches.Add(index);
        foreach (var index in matches) scores[index] += matchedWords[index] * CoordinationWeight;
        return (matches, scores);
    }

    /// <summary>
    /// How many of a query's words a document holding none of its rare words must hold: all of one or two, and half
    /// of more (at least two), so that "prevention Burundi genocide" finds the organizations on prevention in Burundi.
    /// </summary>
    private static int MinimumWords(int words) => words <= 2 ? words : Math.Max(2, (words + 1) / 2);

    /// <summary>The share of the query's idf a document holding a rare word but too few words must hold to match.</summary>
    private const double RareWeightShare = 0.3;

    /// <summary>The share of a collection's documents above which a word is too common to make a match on its own.</summary>
    internal const double CommonShare = 0.25;

    /// <summary>
    /// What each matched word adds before BM25: more than any BM25 sum can reach (a word adds at most
    /// idf × (K1 + 1), under 50 for a billion documents; at most 16 words), so the number of words matched orders first.
    /// </summary>
    private const double CoordinationWeight = 1000;

    /// <summary>The terms a query word matches: every term it begins, and its stems.</summary>
    private List<int> TermIds(QueryWord word)
    {
        var ids = new List<int>();
        foreach (var term in _sortedTerms.GetViewBetween(word.Folded, word.Folded + char.MaxValue)) ids.Add(_termIds[term]);
        foreach (var stem in word.Terms)
            if (_termIds.TryGetValue(stem, out var own) && !ids.Contains(own)) ids.Add(own);
        return ids;
    }

    private Comparison<int> Comparison(SearchOrder order, double[]? scores)
    {
        var (ids, sortKeys, updatedAt) = (_slots.Ids.Items, _slots.SortKeys.Items, _slots.UpdatedAt.Items);
        int BySortKey(int a, int b) =>
            string.CompareOrdinal(sortKeys[a], sortKeys[b]) is var c and not 0 ? c : string.CompareOrdinal(ids[a], ids[b]);
        return order switch
        {
            SearchOrder.Newest => (a, b) =>
                string.CompareOrdinal(updatedAt[b], updatedAt[a]) is var c and not 0 ? c : string.CompareOrdinal(ids[b], ids[a]),
            SearchOrder.Relevance when scores is not null => (a, b) =>
                scores[b].CompareTo(scores[a]) is var c and not 0 ? c : BySortKey(a, b),
            _ => BySortKey,
        };
    }

    /// <summary>Whether a slot comes after the cursor's position (key, id) in the order.</summary>
    private Func<int, bool> After(SearchOrder order, double[]? scores, string key, string id)
    {
        var (ids, sortKeys, updatedAt) = (_slots.Ids.Items, _slots.SortKeys.Items, _slots.UpdatedAt.Items);
        bool AfterBySortKey(int i, string sortKey) =>
            string.CompareOrdinal(sortKeys[i], sortKey) is var k && (k > 0 || (k == 0 && string.CompareOrdinal(ids[i], id) > 0));
        if (order == SearchOrder.Newest)
            return i => string.CompareOrdinal(updatedAt[i], key) is var u && (u < 0 || (u == 0 && string.CompareOrdinal(ids[i], id) < 0));
        if (order == SearchOrder.Relevance && scores is not null && SearchCursor.TryReadRankKey(key, out var score, out var rankSortKey))
            return i => scores[i] < score || (scores[i] == score && AfterBySortKey(i, rankSortKey));
        return i => AfterBySortKey(i, key);
    }

    /// <summary>The first <paramref name="limit"/> items in order: a bounded heap, so a page of 20 of 20,000 matches sorts only 20.</summary>
    private static List<int> Top(List<int> items, int limit, Comparison<int> compare)
    {
        if (items.Count <= limit * 4)
        {
            var all = new List<int>(items);
            all.Sort(compare);
            return all.Count > limit ? all.GetRange(0, limit) : all;
        }
        // The root is the worst item kept so far; an item better than it takes its place.
        var heap = new PriorityQueue<int, int>(limit, Comparer<int>.Create((a, b) => compare(b, a)));
        foreach (var item in items)
        {
            if (heap.Count < limit) heap.Enqueue(item, item);
            else if (compare(item, heap.Peek()) < 0) heap.DequeueEnqueue(item, item);
        }
        var top = heap.UnorderedItems.Select(e => e.Element).ToList();
        top.Sort(compare);
        return top;
    }

    /// <summary>Every slot's attributes, a column each; the words and facet values of all slots share one pool each.</summary>
    private sealed class Slots
    {
        public int Count { get; private set; }
        public Column<long> Version { get; } = new();
        public Column<int> Collection { get; } = new();
        public Column<bool> Live { get; } = new();

        /// <summary>Indexed words (stop words not counted), for BM25's length normalization.</summary>
        public Column<int> Length { get; } = new();

        public Column<string> Ids { get; } = new();
        public Column<string> SortKeys { get; } = new();
        public Column<string> UpdatedAt { get; } = new();
        public Column<int> ValueStart { get; } = new();
        public Column<int> ValueCount { get; } = new();
        public Column<int> ValuePool { get; } = new();
        public Column<int> TermStart { get; } = new();
        public Column<int> TermCount { get; } = new();
        public Column<int> TermPool { get; } = new();
        public Column<int> FrequencyPool { get; } = new();

        public int Add(long version, int collection, string id, string sortKey, string updatedAt, int length,
            ReadOnlySpan<int> values, ReadOnlySpan<int> terms, ReadOnlySpan<int> frequencies)
        {
            Version.Add(version);
            Collection.Add(collection);
            Live.Add(true);
            Length.Add(length);
            Ids.Add(id);
            SortKeys.Add(sortKey);
            UpdatedAt.Add(updatedAt);
            ValueStart.Add(ValuePool.Count);
            ValueCount.Add(values.Length);
            foreach (var value in values) ValuePool.Add(value);
            TermStart.Add(TermPool.Count);
            TermCount.Add(terms.Length);
            foreach (var term in terms) TermPool.Add(term);
            foreach (var frequency in frequencies) FrequencyPool.Add(frequency);
            return Count++;
        }

        public ReadOnlySpan<int> ValuesOf(int slot) => ValuePool.Items.AsSpan(ValueStart.Items[slot], ValueCount.Items[slot]);
        public ReadOnlySpan<int> TermsOf(int slot) => TermPool.Items.AsSpan(TermStart.Items[slot], TermCount.Items[slot]);
        public ReadOnlySpan<int> FrequenciesOf(int slot) => FrequencyPool.Items.AsSpan(TermStart.Items[slot], TermCount.Items[slot]);
    }

    /// <summary>A growable array whose backing array is read directly (no bounds beyond <see cref="Count"/> are checked).</summary>
    private sealed class Column<T>
    {
        public T[] Items { get; private set; } = new T[16];
        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == Items.Length)
            {
                var grown = new T[Items.Length * 2];
                Items.AsSpan().CopyTo(grown);
                Items = grown;
            }
            Items[Count++] = item;
        }
    }

    /// <summary>Arrays rented for one search and returned after it, cleared when rented.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly List<Action> _returns = [];

        public T[] Rent<T>(int length)
        {
            var array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
            Array.Clear(array, 0, length);
            _returns.Add(() => ArrayPool<T>.Shared.Return(array));
            return array;
        }

        public void Dispose()
        {
            foreach (var giveBack in _returns) giveBack();
        }
    }

    private sealed class CollectionEntry
    {
        public Postings Postings { get; } = new(withFrequencies: false);
        public int Live { get; set; }
        public long TotalLength { get; set; }
    }

    /// <summary>Slots in ascending order, with (for words) how often each holds the word.</summary>
    private sealed class Postings(bool withFrequencies)
    {
        public int[] Slots { get; private set; } = new int[2];
        public int[]? Frequencies { get; private set; } = withFrequencies ? new int[2] : null;
        public int Count { get; private set; }

        public void Add(int slot, int frequency)
        {
            if (Count == Slots.Length)
            {
                Slots = Grow(Slots);
                if (Frequencies is not null) Frequencies = Grow(Frequencies);
            }
            Slots[Count] = slot;
            if (Frequencies is not null) Frequencies[Count] = frequency;
            Count++;
        }

        public void Clear() => Count = 0;

        private static int[] Grow(int[] array)
        {
            var grown = new int[array.Length * 2];
            array.CopyTo(grown, 0);
            return grown;
        }
    }
}
