using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace InfoHub.Platform.Storage.Mongo;

/// <summary>
/// MongoDB adapter: one database per service, one collection per document collection.
/// Pending outbox messages live inside the document they belong to, so a change and its events are
/// one single-document write: atomic on a standalone server as on a replica set.
/// <see cref="SaveAllAsync"/> writes several documents in one multi-document transaction, which MongoDB offers only on a
/// replica set (a single-node one will do) or a sharded cluster: on a standalone server it fails.
/// Tombstones keep their version but lose their text and facets, and every read but <see cref="ScanAsync"/> skips them.
/// </summary>
public sealed class MongoDocumentStore(string service, IMongoDatabase database, IReadOnlyList<string> collections) : IDocumentStore
{
    private const string Outbox = "outbox";
    private const string OutboxAt = "outboxAt";
    private const string UpdatedAt = "updatedAt";
    private const string Deleted = "deleted";

    /// <summary>The text score a relevance search adds to each match (never stored).</summary>
    private const string Score = "score";

    public string Service { get; } = service;
    public OutboxSignal OutboxSignal { get; } = new();

    public async Task InitializeAsync(CancellationToken ct)
    {
        foreach (var name in collections)
        {
            var collection = Collection(name);
            var keys = Builders<BsonDocument>.IndexKeys;
            await collection.Indexes.CreateManyAsync(
            [
                // language_override points at a field we never write, so a document field called "language" cannot break indexing.
                new CreateIndexModel<BsonDocument>(keys.Text("text"), new CreateIndexOptions { Name = "text", LanguageOverride = "textLanguageOverride", DefaultLanguage = "english" }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("sortKey").Ascending("_id"), new CreateIndexOptions { Name = "sortKey" }),
                new CreateIndexModel<BsonDocument>(keys.Descending(UpdatedAt).Descending("_id"), new CreateIndexOptions { Name = UpdatedAt }),
                new CreateIndexModel<BsonDocument>(keys.Ascending(OutboxAt), new CreateIndexOptions<BsonDocument> { Name = OutboxAt, PartialFilterExpression = Builders<BsonDocument>.Filter.Type(OutboxAt, BsonType.DateTime) }),
            ], ct);
        }
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct)
    {
        var document = await Collection(collection).Find(ById(id) & Live).FirstOrDefaultAsync(ct);
        return document is null ? null : ToStored(document);
    }

    public async Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(change.Version, 1);
        await SaveOneAsync(null, change, events, ct);
        if (events.Count > 0) OutboxSignal.Notify();
    }

    /// <summary>One multi-document transaction: needs a replica set (see the class summary).</summary>
    public async Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct)
    {
        foreach (var write in writes) ArgumentOutOfRangeException.ThrowIfLessThan(write.Change.Version, 1);
        if (writes.Count == 0) return;

        using var session = await database.Client.StartSessionAsync(cancellationToken: ct);
        // Retried as a whole on transient transaction errors; a version conflict aborts it and is rethrown.
        await session.WithTransactionAsync(async (s, token) =>
        {
            foreach (var write in writes) await SaveOneAsync(s, write.Change, write.Events, token);
            return true;
        }, cancellationToken: ct);

        if (writes.Any(w => w.Events.Count > 0)) OutboxSignal.Notify();
    }

    /// <summary>A <see cref="SaveAsync"/> without the signal, alone or in <paramref name="session"/>'s transaction.</summary>
    private async Task SaveOneAsync(IClientSessionHandle? session, DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        var collection = Collection(change.Collection);
        var outbox = new BsonArray(events.Select(ToBson));

        if (change.Version == 1)
        {
            var document = ToBson(change);
            document[Outbox] = outbox;
            document[OutboxAt] = events.Count > 0 ? events.Min(e => e.CreatedAt).UtcDateTime : BsonNull.Value;
            try
            {
                await (session is null
                    ? collection.InsertOneAsync(document, cancellationToken: ct)
                    : collection.InsertOneAsync(session, document, cancellationToken: ct));
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new ConcurrencyConflictException(change.Collection, change.Id, 0);
            }
        }
        else
        {
            var update = SetState(change);
            if (events.Count > 0)
            {
                update = update.PushEach(Outbox, outbox)
                               .Min(OutboxAt, events.Min(e => e.CreatedAt).UtcDateTime);
            }
            var filter = ById(change.Id) & Builders<BsonDocument>.Filter.Eq("version", change.Version - 1);
            var result = await (session is null
                ? collection.UpdateOneAsync(filter, update, cancellationToken: ct)
                : collection.UpdateOneAsync(session, filter, update, cancellationToken: ct));
            if (result.MatchedCount == 0) throw new ConcurrencyConflictException(change.Collection, change.Id, change.Version - 1);
        }
    }

    public async Task<bool> ApplyIfNewerAsync(DocumentChange change, CancellationToken ct)
    {
        var filter = ById(change.Id) & Builders<BsonDocument>.Filter.Lt("version", change.Version);
        try
        {
            var result = await Collection(change.Collection).UpdateOneAsync(filter, SetState(change), new UpdateOptions { IsUpsert = true }, ct);
            return result.MatchedCount > 0 || result.UpsertedId is not null;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The document exists with this version or a newer one: a duplicate or out-of-order event.
            return false;
        }
    }

    public async Task<SearchResult> SearchAsync(string collection, SearchQuery query, CancellationToken ct)
    {
        if (query.MatchesNothing) return query.NoMatches();
        var source = Collection(collection);
        var terms = query.Terms;
        // Each term quoted: MongoDB then requires all of them, as the SQLite adapter does.
        var text = terms.Count == 0 ? null : string.Join(' ', terms.Select(t => $"\"{t}\""));
        FilterDefinition<BsonDocument> Matching(string? except)
        {
            var filter = Builders<BsonDocument>.Filter;
            var parts = new List<FilterDefinition<BsonDocument>> { Live };
            if (text is not null) parts.Add(filter.Text(text));
            parts.AddRange(query.ActiveFilters.Where(f => f.Key != except).Select(f => filter.In($"facets.{f.Key}", f.Value.Distinct())));
            return filter.And(parts);
        }

        var order = query.EffectiveOrder;
        var f = Builders<BsonDocument>.Filter;
        FilterDefinition<BsonDocument> AfterBySortKey(string sortKey, string id) =>
            f.Or(f.Gt("sortKey", sortKey), f.And(f.Eq("sortKey", sortKey), f.Gt("_id", id)));
        var keyset = f.Empty;
        if (query.Position() is var (afterKey, afterId))
        {
            keyset = order switch
            {
                SearchOrder.Newest => f.Or(f.Lt(UpdatedAt, TimeOfKey(afterKey)), f.And(f.Eq(UpdatedAt, TimeOfKey(afterKey)), f.Lt("_id", afterId))),
                SearchOrder.Relevance when SearchCursor.TryReadRankKey(afterKey, out var score, out var sortKey) =>
                    f.Or(f.Lt(Score, score), f.And(f.Eq(Score, score), AfterBySortKey(sortKey, afterId))),
                _ => AfterBySortKey(afterKey, afterId),
            };
        }
        List<BsonDocument> found;
        if (order == SearchOrder.Relevance)
        {
            // The text score becomes a field, so that a cursor can continue after a score like after any other key.
            found = await source.Aggregate()
                .Match(Matching(null))
                .AppendStage<BsonDocument>(new BsonDocument("$addFields", new BsonDocument(Score, new BsonDocument("$meta", "textScore"))))
                .Match(keyset)
                .Sort(new BsonDocument { [Score] = -1, ["sortKey"] = 1, ["_id"] = 1 })
                .Limit(query.BoundedLimit)
                .Project(Builders<BsonDocument>.Projection.Exclude(Outbox))
                .ToListAsync(ct);
        }
        else
        {
            var sorts = Builders<BsonDocument>.Sort;
            var sort = order == SearchOrder.Newest ? sorts.Descending(UpdatedAt).Descending("_id") : sorts.Ascending("sortKey").Ascending("_id");
            found = await source.Find(Matching(null) & keyset).Project<BsonDocument>(Builders<BsonDocument>.Projection.Exclude(Outbox))
                .Sort(sort).Limit(query.BoundedLimit).ToListAsync(ct);
        }
        var last = found.LastOrDefault();
        var next = last is null ? null : query.NextCursor(found.Count, order switch
        {
            SearchOrder.Newest => KeyOfTime(last),
            SearchOrder.Relevance => SearchCursor.RankKey(last[Score].ToDouble(), last.GetValue("sortKey", "").AsString),
            _ => last.GetValue("sortKey", "").AsString,
        }, last["_id"].AsString);
        var total = (int)await source.CountDocumentsAsync(Matching(null), cancellationToken: ct);

        var facetCounts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var facet in (query.CountFacets ?? []).Distinct())
        {
            var rows = await source.Aggregate()
                .Match(Matching(facet))
                .Unwind($"facets.{facet}")
                .Group(new BsonDocument { ["_id"] = $"$facets.{facet}", ["count"] = new BsonDocument("$sum", 1) })
                .ToListAsync(ct);
            facetCounts[facet] = rows.ToDictionary(r => r["_id"].AsString, r => r["count"].ToInt32(), StringComparer.Ordinal);
        }
        return new SearchResult(found.Select(ToStored).ToList(), total, facetCounts, next);
    }

    public async Task<IReadOnlyList<StoredDocument>> ScanAsync(string collection, string? afterId, int limit, CancellationToken ct)
    {
        var filter = afterId is null ? Builders<BsonDocument>.Filter.Empty : Builders<BsonDocument>.Filter.Gt("_id", afterId);
        var documents = await Collection(collection)
            .Find(filter)
            .Project<BsonDocument>(Builders<BsonDocument>.Projection.Exclude(Outbox))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(Math.Clamp(limit, 1, 1000))
            .ToListAsync(ct);
        return documents.Select(ToStored).ToList();
    }

    public async Task<IReadOnlyList<PendingMessage>> GetPendingAsync(int max, CancellationToken ct)
    {
        var pending = new List<PendingMessage>();
        foreach (var name in collections)
        {
            var documents = await Collection(name)
                .Find(Builders<BsonDocument>.Filter.Type(OutboxAt, BsonType.DateTime))
                .Sort(Builders<BsonDocument>.Sort.Ascending(OutboxAt))
                .Limit(max)
                .ToListAsync(ct);
            foreach (var document in documents)
            {
                var id = document["_id"].AsString;
                pending.AddRange(document[Outbox].AsBsonArray.Select(m => new PendingMessage(FromBson(m.AsBsonDocument), name, id)));
            }
        }
        return pending.OrderBy(p => p.Message.CreatedAt).Take(max).ToList();
    }

    public async Task MarkSentAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        foreach (var group in messages.GroupBy(m => (m.Collection, m.DocumentId)))
        {
            var collection = Collection(group.Key.Collection);
            var ids = new BsonArray(group.Select(m => m.Message.Id.ToString()));
            await collection.UpdateOneAsync(
                ById(group.Key.DocumentId),
                Builders<BsonDocument>.Update.PullFilter(Outbox, Builders<BsonDocument>.Filter.In("id", ids)),
                cancellationToken: ct);
            await collection.UpdateOneAsync(
                ById(group.Key.DocumentId) & Builders<BsonDocument>.Filter.Size(Outbox, 0),
                Builders<BsonDocument>.Update.Set(OutboxAt, BsonNull.Value),
                cancellationToken: ct);
        }
    }

    public Task PingAsync(CancellationToken ct) => database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct);

    private IMongoCollection<BsonDocument> Collection(string name) => database.GetCollection<BsonDocument>(name);

    private static FilterDefinition<BsonDocument> ById(string id) => Builders<BsonDocument>.Filter.Eq("_id", id);

    /// <summary>Not a tombstone. Documents stored before tombstones existed have no such field, hence "not true".</summary>
    private static FilterDefinition<BsonDocument> Live => Builders<BsonDocument>.Filter.Ne(Deleted, true);

    /// <summary>The cursor key of the newest-first order: the stored update time, in milliseconds since the epoch as BSON keeps it.</summary>
    private static string KeyOfTime(BsonDocument document) =>
        document[UpdatedAt].AsBsonDateTime.MillisecondsSinceEpoch.ToString(CultureInfo.InvariantCulture);

    private static BsonDateTime TimeOfKey(string key) =>
        long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds)
            ? new BsonDateTime(milliseconds)
            : throw new ArgumentException("The cursor is not one this API issued for this order.", nameof(SearchQuery.After));

    private static UpdateDefinition<BsonDocument> SetState(DocumentChange change) =>
        Builders<BsonDocument>.Update.Combine(State(change).Select(e => Builders<BsonDocument>.Update.Set(e.Name, e.Value)));

    private static BsonDocument FacetsOf(DocumentChange change) =>
        new((change.Facets ?? new Dictionary<string, IReadOnlyList<string>>())
            .Select(f => new BsonElement(f.Key, new BsonArray(f.Value.Distinct(StringComparer.Ordinal)))));

    private static BsonDocument ToBson(DocumentChange change) => new BsonDocument("_id", change.Id).AddRange(State(change));

    /// <summary>Every field a change sets; a tombstone has no text or facets, so no search finds or counts it.</summary>
    private static BsonDocument State(DocumentChange change) => new()
    {
        ["version"] = change.Version,
        ["body"] = change.Json,
        ["sortKey"] = change.SortKey ?? "",
        ["text"] = change.Deleted ? BsonNull.Value : (BsonValue?)change.SearchText ?? BsonNull.Value,
        ["facets"] = change.Deleted ? new BsonDocument() : FacetsOf(change),
        [UpdatedAt] = change.UpdatedAt.UtcDateTime,
        [Deleted] = change.Deleted,
    };

    private static BsonDocument ToBson(OutboxMessage message) => new()
    {
        ["id"] = message.Id.ToString(),
        ["type"] = message.MessageType,
        ["payload"] = message.Payload,
        ["createdAt"] = message.CreatedAt.UtcDateTime,
        ["traceParent"] = (BsonValue?)message.TraceParent ?? BsonNull.Value,
        ["traceState"] = (BsonValue?)message.TraceState ?? BsonNull.Value,
    };

    private static OutboxMessage FromBson(BsonDocument m) => new(
        Guid.Parse(m["id"].AsString),
        m["type"].AsString,
        m["payload"].AsString,
        new DateTimeOffset(m["createdAt"].ToUniversalTime()),
        m["traceParent"].IsBsonNull ? null : m["traceParent"].AsString,
        m["traceState"].IsBsonNull ? null : m["traceState"].AsString);

    private static StoredDocument ToStored(BsonDocument document) => new(
        document["_id"].AsString,
        document["version"].ToInt64(),
        document["body"].AsString,
        new DateTimeOffset(document[UpdatedAt].ToUniversalTime()),
        document.GetValue(Deleted, false).ToBoolean());
}
