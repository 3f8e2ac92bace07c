using InfoHub.Platform.Storage.Indexing;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

namespace InfoHub.Platform.Storage.Mongo;

/// <summary>
/// MongoDB adapter: one database per service, one MongoDB collection per document collection, plus <c>outbox</c> (a
/// record per message, as SQLite's table) and <c>leases</c>. It needs a replica set (a single node will do): a change and
/// its events are saved in one transaction, and the search index follows the change stream.
/// Searches are answered, as on SQLite, by the in-memory <see cref="SearchIndex"/>: loaded by a scan when the store
/// starts, then fed this process's own writes at once and every process's writes through the change stream (a state is
/// applied only when newer, so the two sources never step back). MongoDB itself only reads the page of results.
/// </summary>
public sealed partial class MongoDocumentStore(
    string service,
    IMongoDatabase database,
    IReadOnlyList<string> collections,
    TimeProvider clock,
    ILogger<MongoDocumentStore> logger) : IDocumentStore, IAsyncDisposable
{
    private const string Pending = "pending", Parked = "parked", Sent = "sent";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;
    private static UpdateDefinitionBuilder<BsonDocument> Update => Builders<BsonDocument>.Update;

    private readonly SearchIndex _index = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _feed = Task.CompletedTask;

    public string Service { get; } = service;
    public OutboxSignal OutboxSignal { get; } = new();

    private IMongoCollection<BsonDocument> Outbox => database.GetCollection<BsonDocument>("outbox");
    private IMongoCollection<BsonDocument> Leases => database.GetCollection<BsonDocument>("leases");
    private IMongoCollection<BsonDocument> Audit => database.GetCollection<BsonDocument>("audit_log");

    public async Task InitializeAsync(CancellationToken ct)
    {
        await RequireReplicaSetAsync(ct);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Outbox.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(keys.Ascending("createdAt").Ascending("version").Ascending("index"),
                new CreateIndexOptions<BsonDocument> { Name = "pending", PartialFilterExpression = Filter.Eq("state", Pending) }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("parkedAt"),
                new CreateIndexOptions<BsonDocument> { Name = "parked", PartialFilterExpression = Filter.Eq("state", Parked) }),
            // Sent messages are kept a day for diagnosis, then expire (only records with a sentAt date do).
            new CreateIndexModel<BsonDocument>(keys.Ascending("sentAt"), new CreateIndexOptions { Name = "sent", ExpireAfter = TimeSpan.FromDays(1) }),
        ], ct);

        await Audit.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(keys.Ascending("at"), new CreateIndexOptions { Name = "at" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("actor").Descending("_id"), new CreateIndexOptions { Name = "actor" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("action").Descending("_id"), new CreateIndexOptions { Name = "action" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("subject").Descending("_id"), new CreateIndexOptions { Name = "subject" }),
        ], ct);
        await MoveAuditOutOfDocumentsAsync(ct);

        // The stream opens first: whatever changes after this point reaches the index through it, and the scan covers
        // what came before. Loaded before the service is ready, so its first search is already fast.
        var changes = await WatchAsync(null, ct);
        await LoadIndexAsync(ct);
        _feed = FollowAsync(changes, _stopping.Token);
    }

    /// <summary>A standalone server has neither transactions nor change streams: refused at start, with what to do.</summary>
    private async Task RequireReplicaSetAsync(CancellationToken ct)
    {
        var hello = await database.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: ct);
        if (hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid") return;
        throw new InvalidOperationException(
            $"The MongoDB server for the {Service} store is a standalone server, not a replica set. InfoHub saves a change and its " +
            "events in one transaction and follows the change stream, which MongoDB offers only on a replica set: start mongod with " +
            "--replSet rs0 and run rs.initiate() once (a single node will do), and add ?replicaSet=rs0 to Storage:MongoConnectionString.");
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct)
    {
        var document = await Collection(collection).Find(ById(id) & Live).FirstOrDefaultAsync(ct);
        return document is null ? null : ToStored(document);
    }

    public Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct) =>
        SaveAllAsync([new DocumentWrite(change, events)], ct);

    public async Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct)
    {
        foreach (var write in writes) ArgumentOutOfRangeException.ThrowIfLessThan(write.Change.Version, 1);
        if (writes.Count == 0) return;

        var states = writes.Select(w => AuditLog.Read(w.Change) is { } entry ? ToBson(entry) : ToBson(w.Change)).ToList();
        using var session = await database.Client.StartSessionAsync(cancellationToken: ct);
        // Retried as a whole on transient transaction errors (a write conflict among them); a version conflict aborts it.
        await session.WithTransactionAsync(async (s, token) =>
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (writes[i].Change.Collection == AuditLog.Collection) await Audit.InsertOneAsync(s, states[i], cancellationToken: token);
                else await SaveOneAsync(s, writes[i].Change, states[i], writes[i].Events, token);
            }
            return true;
        }, cancellationToken: ct);

        _index.Apply(writes.Select((w, i) => (w, i)).Where(x => x.w.Change.Collection != AuditLog.Collection).Select(x => Indexed(x.w.Change.Collection, states[x.i])));
        if (writes.Any(w => w.Events.Count > 0)) OutboxSignal.Notify();
    }

    private async Task SaveOneAsync(IClientSessionHandle session, DocumentChange change, BsonDocument state, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        var collection = Collection(change.Collection);
        if (change.Version == 1)
        {
            try { await collection.InsertOneAsync(session, state, cancellationToken: ct); }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new ConcurrencyConflictException(change.Collection, change.Id, 0);
            }
        }
        else
        {
            var result = await collection.ReplaceOneAsync(session, ById(change.Id) & Filter.Eq("version", change.Version - 1), state, cancellationToken: ct);
            if (result.MatchedCount == 0) throw new ConcurrencyConflictException(change.Collection, change.Id, change.Version - 1);
        }
        if (events.Count > 0) await Outbox.InsertManyAsync(session, events.Select((e, i) => ToBson(change, e, i)), cancellationToken: ct);
    }

    public async Task<bool> ReindexAsync(DocumentChange change, CancellationToken ct)
    {
        var state = ToBson(change);
        var result = await Collection(change.Collection).ReplaceOneAsync(ById(change.Id) & Filter.Eq("version", change.Version) & Live, state, cancellationToken: ct);
        if (result.MatchedCount == 0) return false;
        // This process's index takes it at once; another process's index takes it at its next start (its change stream
        // ignores a state no newer than the one it holds, so that a late event never steps it back).
        _index.Apply([Indexed(change.Collection, state)], sameVersionReplaces: true);
        return true;
    }

    public async Task<bool> ApplyIfNewerAsync(DocumentChange change, CancellationToken ct)
    {
        var collection = Collection(change.Collection);
        var state = ToBson(change);
        var olderOrMissing = ById(change.Id) & Filter.Lt("version", change.Version);
        bool applied;
        try
        {
            var result = await collection.ReplaceOneAsync(olderOrMissing, state, new ReplaceOptions { IsUpsert = true }, ct);
            applied = result.MatchedCount > 0 || result.UpsertedId is not null;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The document exists: as new as this or newer, or inserted just now by a concurrent upsert of an older
            // version. Now that it exists, a plain conditional replace decides.
            applied = (await collection.ReplaceOneAsync(olderOrMissing, state, cancellationToken: ct)).MatchedCount > 0;
        }
        if (applied) _index.Apply([Indexed(change.Collection, state)]);
        return applied;
    }

    public async Task<SearchResult> SearchAsync(string collection, SearchQuery query, CancellationToken ct)
    {
        if (query.MatchesNothing) return query.NoMatches();
        var answer = _index.Search(collection, query);
        if (answer.Page.Count == 0) return answer.WithPage([]);
        var found = await Collection(collection).Find(Filter.In("_id", answer.Page) & Live).ToListAsync(ct);
        return answer.WithPage(found.Select(ToStored).ToList());
    }

    public async Task<IReadOnlyList<StoredDocument>> ScanAsync(string collection, string? afterId, int limit, CancellationToken ct)
    {
        var documents = await Collection(collection)
            .Find(afterId is null ? Filter.Empty : Filter.Gt("_id", afterId))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(Math.Clamp(limit, 1, 1000))
            .ToListAsync(ct);
        return documents.Select(ToStored).ToList();
    }

    public async Task<IReadOnlyList<PendingMessage>> GetPendingAsync(int max, IReadOnlyCollection<DocumentKey>? excluding, CancellationToken ct)
    {
        var filter = Filter.Eq("state", Pending);
        if (excluding is { Count: > 0 })
            filter &= Filter.Not(Filter.Or(excluding.Select(k => Filter.Eq("collection", k.Collection) & Filter.Eq("documentId", k.Id))));
        // A document's messages sort by its version, then by their place in the save (createdAt first, for the oldest).
        var rows = await Outbox.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Ascending("createdAt").Ascending("version").Ascending("index"))
            .Limit(max)
            .ToListAsync(ct);
        return rows.Select(ToPending).ToList();
    }

    public Task MarkSentAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct) =>
        messages.Count == 0
            ? Task.CompletedTask
            : Outbox.UpdateManyAsync(Filter.In("_id", messages.Select(m => m.Message.Id.ToString())) & Filter.Eq("state", Pending),
                Update.Set("state", Sent).Set("sentAt", clock.GetUtcNow().UtcDateTime), cancellationToken: ct);

    public Task ParkAsync(PendingMessage message, string reason, CancellationToken ct) =>
        Outbox.UpdateOneAsync(Filter.Eq("_id", message.Message.Id.ToString()) & Filter.Eq("state", Pending),
            Update.Set("state", Parked).Set("parkedAt", clock.GetUtcNow().UtcDateTime).Set("parkReason", reason), cancellationToken: ct);

    public async Task<IReadOnlyList<ParkedMessage>> GetParkedAsync(int max, CancellationToken ct)
    {
        var rows = await Outbox.Find(Filter.Eq("state", Parked)).Sort(Builders<BsonDocument>.Sort.Ascending("parkedAt"))
            .Limit(Math.Clamp(max, 1, 1000)).ToListAsync(ct);
        return rows.Select(r => new ParkedMessage(ToPending(r), new DateTimeOffset(r["parkedAt"].ToUniversalTime()), r["parkReason"].AsString)).ToList();
    }

    public async Task<int> UnparkAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        var result = await Outbox.UpdateManyAsync(Filter.In("_id", ids.Select(id => id.ToString())) & Filter.Eq("state", Parked),
            Update.Set("state", Pending).Unset("parkedAt").Unset("parkReason"), cancellationToken: ct);
        if (result.ModifiedCount > 0) OutboxSignal.Notify();
        return (int)result.ModifiedCount;
    }

    public async Task<OutboxCounts> CountOutboxAsync(CancellationToken ct) => new(
        (int)await Outbox.CountDocumentsAsync(Filter.Eq("state", Pending), cancellationToken: ct),
        (int)await Outbox.CountDocumentsAsync(Filter.Eq("state", Parked), cancellationToken: ct));

    public async Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            // Matches a lease that is the holder's own or expired; when none matches, the upsert inserts one, which fails
            // on the name's unique _id exactly when another holder's live lease exists.
            await Leases.UpdateOneAsync(
                Filter.Eq("_id", name) & Filter.Or(Filter.Eq("holder", holder), Filter.Lt("expiresAt", now.UtcDateTime)),
                Update.Set("holder", holder).Set("expiresAt", (now + duration).UtcDateTime),
                new UpdateOptions { IsUpsert = true }, ct);
            return true;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<CollectionSummary> SummarizeAsync(string collection, CancellationToken ct)
    {
        var summary = await Collection(collection).Aggregate()
            .Group(new BsonDocument { ["_id"] = BsonNull.Value, ["count"] = new BsonDocument("$sum", 1), ["versions"] = new BsonDocument("$sum", "$version") })
            .FirstOrDefaultAsync(ct);
        return summary is null ? new CollectionSummary(0, 0) : new CollectionSummary(summary["count"].ToInt64(), summary["versions"].ToInt64());
    }

    public Task PingAsync(CancellationToken ct) => database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try { await _feed; } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }

    private async Task LoadIndexAsync(CancellationToken ct)
    {
        foreach (var name in collections)
        {
            using var cursor = await Collection(name).Find(Filter.Empty).Project(Builders<BsonDocument>.Projection.Exclude("body")).ToCursorAsync(ct);
            while (await cursor.MoveNextAsync(ct)) _index.Apply(cursor.Current.Select(d => Indexed(name, d)));
        }
    }

    /// <summary>
    /// Applies every change the stream reports. When the stream breaks it resumes after the last change seen; when that is
    /// no longer possible (the oplog moved on), it starts a new stream and loads the index again.
    /// </summary>
    private async Task FollowAsync(IChangeStreamCursor<ChangeStreamDocument<BsonDocument>> changes, CancellationToken ct)
    {
        BsonDocument? resumeAfter = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using (changes)
                {
                    while (await changes.MoveNextAsync(ct))
                    {
                        _index.Apply(changes.Current.Where(c => c.FullDocument is not null).Select(c => Indexed(c.CollectionNamespace.CollectionName, c.FullDocument)));
                        resumeAfter = changes.GetResumeToken() ?? resumeAfter;
                    }
                }
                changes = await ReopenAsync(resumeAfter, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFeedInterrupted(Service, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    changes = await ReopenAsync(resumeAfter, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
                catch (Exception again) { LogFeedInterrupted(Service, again); }
            }
        }
    }

    private async Task<IChangeStreamCursor<ChangeStreamDocument<BsonDocument>>> ReopenAsync(BsonDocument? resumeAfter, CancellationToken ct)
    {
        if (resumeAfter is not null)
        {
            try { return await WatchAsync(resumeAfter, ct); }
            catch (MongoCommandException e) { LogFeedRestarted(Service, e.Message); }
        }
        var changes = await WatchAsync(null, ct);
        await LoadIndexAsync(ct);
        return changes;
    }

    private Task<IChangeStreamCursor<ChangeStreamDocument<BsonDocument>>> WatchAsync(BsonDocument? resumeAfter, CancellationToken ct)
    {
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>()
            .Match(new BsonDocument
            {
                ["ns.coll"] = new BsonDocument("$in", new BsonArray(collections)),
                ["operationType"] = new BsonDocument("$in", new BsonArray { "insert", "replace", "update" }),
            })
            .AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>>(
                new BsonDocument("$project", new BsonDocument("fullDocument.body", 0)));
        return database.WatchAsync(pipeline, new ChangeStreamOptions
        {
            FullDocument = ChangeStreamFullDocumentOption.UpdateLookup,
            ResumeAfter = resumeAfter,
            MaxAwaitTime = TimeSpan.FromSeconds(1),
        }, ct);
    }

    public async Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        var filter = Filter.Empty;
        if (query.Actor is { } actor) filter &= Filter.Eq("actor", actor);
        if (query.Action is { } action) filter &= Filter.Eq("action", action);
        if (query.Subject is { } subject)
            filter &= Filter.Eq("subject", subject) | (Filter.Gte("subject", subject + "/") & Filter.Lt("subject", AuditLog.SubjectsUnder(subject)));
        if (query.From is { } from) filter &= Filter.Gte("at", from.UtcDateTime);
        if (query.To is { } to) filter &= Filter.Lt("at", to.UtcDateTime);
        if (query.After is { } after) filter &= Filter.Lt("_id", after);
        if (query.Text is { } text) filter &= Filter.Regex("body", new BsonRegularExpression(System.Text.RegularExpressions.Regex.Escape(text), "i"));
        var found = await Audit.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("_id")).Limit(limit).ToListAsync(ct);
        var items = found.Select(d => new AuditRecord(d["_id"].AsString, new DateTimeOffset(d["at"].ToUniversalTime()),
            d["actor"].AsString, d["action"].AsString, d["subject"].AsString, d["body"].AsString)).ToList();
        return new AuditPage(items, items.Count == limit ? items[^1].Id : null);
    }

    public async Task<long> DeleteAuditBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        (await Audit.DeleteManyAsync(Filter.Lt("at", cutoff.UtcDateTime), ct)).DeletedCount;

    /// <summary>
    /// Audit entries were documents of the collection <c>audit</c> (before: in the search index too): they move to
    /// <c>audit_log</c>, once. Copied first, then the old collection dropped; a start interrupted in between copies again
    /// (ids already copied are skipped) and drops.
    /// </summary>
    private async Task MoveAuditOutOfDocumentsAsync(CancellationToken ct)
    {
        var old = Collection(AuditLog.Collection);
        using var cursor = await old.Find(Filter.Empty).ToCursorAsync(ct);
        while (await cursor.MoveNextAsync(ct))
        {
            var batch = cursor.Current.Select(d =>
            {
                using var body = System.Text.Json.JsonDocument.Parse(d["body"].AsString);
                string Field(string name) => body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : "";
                var at = body.RootElement.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var parsed) ? parsed : DateTimeOffset.UnixEpoch;
                return ToBson(new AuditRecord(d["_id"].AsString, at, Field("actor"), Field("action"), Field("subject"), d["body"].AsString));
            }).ToList();
            if (batch.Count == 0) continue;
            try { await Audit.InsertManyAsync(batch, new InsertManyOptions { IsOrdered = false }, ct); }
            catch (MongoBulkWriteException e) when (e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey)) { }
        }
        await database.DropCollectionAsync(AuditLog.Collection, ct);
    }

    private static BsonDocument ToBson(AuditRecord entry) => new()
    {
        ["_id"] = entry.Id,
        ["at"] = entry.At.UtcDateTime,
        ["actor"] = entry.Actor,
        ["action"] = entry.Action,
        ["subject"] = entry.Subject,
        ["body"] = entry.Json,
    };

    private IMongoCollection<BsonDocument> Collection(string name) => database.GetCollection<BsonDocument>(name);

    private static FilterDefinition<BsonDocument> ById(string id) => Filter.Eq("_id", id);

    private static FilterDefinition<BsonDocument> Live => Filter.Ne("deleted", true);

    /// <summary>A document's whole state; a tombstone keeps no text or facets.</summary>
    private static BsonDocument ToBson(DocumentChange change) => new()
    {
        ["_id"] = change.Id,
        ["version"] = change.Version,
        ["body"] = change.Json,
        ["sortKey"] = change.SortKey ?? "",
        ["text"] = change.Deleted || change.SearchText is null ? BsonNull.Value : change.SearchText,
        ["facets"] = new BsonDocument(change.Deleted ? [] : (change.Facets ?? new Dictionary<string, IReadOnlyList<string>>())
            .Select(f => new BsonElement(f.Key, new BsonArray(f.Value.Distinct(StringComparer.Ordinal))))),
        ["updatedAt"] = change.UpdatedAt.UtcDateTime,
        ["deleted"] = change.Deleted,
    };

    /// <summary>What the index takes from a stored state, whether this process wrote it or the change stream brought it.</summary>
    private static IndexedDocument Indexed(string collection, BsonDocument state) => new(
        collection,
        state["_id"].AsString,
        state["version"].ToInt64(),
        state.GetValue("sortKey", "").AsString,
        IndexedDocument.RenderTime(new DateTimeOffset(state["updatedAt"].ToUniversalTime())),
        state.GetValue("text", BsonNull.Value) is { IsString: true } text ? text.AsString : null,
        state.GetValue("facets", new BsonDocument()).AsBsonDocument
            .ToDictionary(f => f.Name, IReadOnlyList<string> (f) => f.Value.AsBsonArray.Select(v => v.AsString).ToList()),
        state.GetValue("deleted", false).ToBoolean());

    private static StoredDocument ToStored(BsonDocument document) => new(
        document["_id"].AsString,
        document["version"].ToInt64(),
        document["body"].AsString,
        new DateTimeOffset(document["updatedAt"].ToUniversalTime()),
        document.GetValue("deleted", false).ToBoolean());

    private static BsonDocument ToBson(DocumentChange change, OutboxMessage message, int index) => new()
    {
        ["_id"] = message.Id.ToString(),
        ["collection"] = change.Collection,
        ["documentId"] = change.Id,
        ["version"] = change.Version,
        ["index"] = index,
        ["type"] = message.MessageType,
        ["payload"] = message.Payload,
        ["createdAt"] = message.CreatedAt.UtcDateTime,
        ["traceParent"] = (BsonValue?)message.TraceParent ?? BsonNull.Value,
        ["traceState"] = (BsonValue?)message.TraceState ?? BsonNull.Value,
        ["state"] = Pending,
    };

    private static PendingMessage ToPending(BsonDocument m) => new(
        new OutboxMessage(
            Guid.Parse(m["_id"].AsString),
            m["type"].AsString,
            m["payload"].AsString,
            new DateTimeOffset(m["createdAt"].ToUniversalTime()),
            m["traceParent"].IsBsonNull ? null : m["traceParent"].AsString,
            m["traceState"].IsBsonNull ? null : m["traceState"].AsString),
        m["collection"].AsString,
        m["documentId"].AsString);

    [LoggerMessage(LogLevel.Warning, "The change stream of the {Service} store broke off; resuming")]
    private partial void LogFeedInterrupted(string service, Exception exception);

    [LoggerMessage(LogLevel.Warning, "The change stream of the {Service} store could not resume ({Reason}); loading the search index again")]
    private partial void LogFeedRestarted(string service, string reason);
}
