using MongoDB.Bson;
using MongoDB.Driver;

namespace InfoHub.Platform.Storage.Mongo;

/// <summary>
/// MongoDB adapter: one database per service, one collection per document collection.
/// Pending outbox messages live inside the document they belong to, so a change and its events are
/// one single-document write: atomic on a standalone server as on a replica set.
/// </summary>
public sealed class MongoDocumentStore(string service, IMongoDatabase database, IReadOnlyList<string> collections) : IDocumentStore
{
    private const string Outbox = "outbox";
    private const string OutboxAt = "outboxAt";

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
                new CreateIndexModel<BsonDocument>(keys.Ascending(OutboxAt), new CreateIndexOptions<BsonDocument> { Name = OutboxAt, PartialFilterExpression = Builders<BsonDocument>.Filter.Type(OutboxAt, BsonType.DateTime) }),
            ], ct);
        }
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct)
    {
        var document = await Collection(collection).Find(ById(id)).FirstOrDefaultAsync(ct);
        return document is null ? null : ToStored(document);
    }

    public async Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(change.Version, 1);
        var collection = Collection(change.Collection);
        var outbox = new BsonArray(events.Select(ToBson));

        if (change.Version == 1)
        {
            var document = ToBson(change);
            document[Outbox] = outbox;
            document[OutboxAt] = events.Count > 0 ? events.Min(e => e.CreatedAt).UtcDateTime : BsonNull.Value;
            try
            {
                await collection.InsertOneAsync(document, cancellationToken: ct);
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
            var result = await collection.UpdateOneAsync(filter, update, cancellationToken: ct);
            if (result.MatchedCount == 0) throw new ConcurrencyConflictException(change.Collection, change.Id, change.Version - 1);
        }

        if (events.Count > 0) OutboxSignal.Notify();
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
            var parts = new List<FilterDefinition<BsonDocument>>();
            if (text is not null) parts.Add(filter.Text(text));
            parts.AddRange(query.ActiveFilters.Where(f => f.Key != except).Select(f => filter.In($"facets.{f.Key}", f.Value.Distinct())));
            return parts.Count == 0 ? filter.Empty : filter.And(parts);
        }

        var keyset = Builders<BsonDocument>.Filter.Empty;
        if (query.Position() is var (afterKey, afterId))
        {
            var f = Builders<BsonDocument>.Filter;
            keyset = f.Or(f.Gt("sortKey", afterKey), f.And(f.Eq("sortKey", afterKey), f.Gt("_id", afterId)));
        }
        var sort = query.OrderedBySortKey
            ? Builders<BsonDocument>.Sort.Ascending("sortKey").Ascending("_id")
            : Builders<BsonDocument>.Sort.MetaTextScore("score").Ascending("sortKey").Ascending("_id");
        var projection = text is null
            ? Builders<BsonDocument>.Projection.Exclude(Outbox)
            : Builders<BsonDocument>.Projection.MetaTextScore("score").Exclude(Outbox);
        var found = await source.Find(Matching(null) & keyset).Project<BsonDocument>(projection).Sort(sort).Limit(query.BoundedLimit).ToListAsync(ct);
        var next = query.OrderedBySortKey && found.Count == query.BoundedLimit
            ? SearchCursor.Encode(found[^1].GetValue("sortKey", "").AsString, found[^1]["_id"].AsString)
            : null;
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

    private static UpdateDefinition<BsonDocument> SetState(DocumentChange change) =>
        Builders<BsonDocument>.Update
            .Set("version", change.Version)
            .Set("body", change.Json)
            .Set("sortKey", change.SortKey ?? "")
            .Set("text", (BsonValue?)change.SearchText ?? BsonNull.Value)
            .Set("facets", FacetsOf(change))
            .Set("updatedAt", change.UpdatedAt.UtcDateTime);

    private static BsonDocument FacetsOf(DocumentChange change) =>
        new((change.Facets ?? new Dictionary<string, IReadOnlyList<string>>())
            .Select(f => new BsonElement(f.Key, new BsonArray(f.Value.Distinct(StringComparer.Ordinal)))));

    private static BsonDocument ToBson(DocumentChange change) => new()
    {
        ["_id"] = change.Id,
        ["version"] = change.Version,
        ["body"] = change.Json,
        ["sortKey"] = change.SortKey ?? "",
        ["text"] = (BsonValue?)change.SearchText ?? BsonNull.Value,
        ["facets"] = FacetsOf(change),
        ["updatedAt"] = change.UpdatedAt.UtcDateTime,
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
        new DateTimeOffset(document["updatedAt"].ToUniversalTime()));
}
