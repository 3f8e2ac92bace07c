using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Sqlite;

namespace InfoHub.Tests.Storage;

public sealed class SqliteDocumentStoreTests : DocumentStoreContract, IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("infohub-sqlite-").FullName;

    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        var store = new SqliteDocumentStore("test", Path.Combine(_directory, "test.db"), TimeProvider.System);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task Audit_entries_an_older_version_kept_as_documents_move_to_the_audit_log_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "old-audit.db");
        var old = new SqliteDocumentStore("test", path, TimeProvider.System);
        await old.InitializeAsync(ct);
        // What the previous version wrote: an audit entry as a document of the collection "audit", searchable.
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var id = Guid.CreateVersion7(at).ToString();
        var json = $$"""{"id":"{{id}}","at":"2026-03-01T12:00:00+00:00","actor":"alice","action":"organization.updated","subject":"organization/7","detail":"version 2"}""";
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO documents (collection, id, version, body, sort_key, updated_at, search_text, stamp) VALUES ('audit', $id, 1, $body, 'k', '2026-03-01T12:00:00.0000000+00:00', 'alice', 1)";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$body", json);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var upgraded = new SqliteDocumentStore("test", path, TimeProvider.System);
        await upgraded.InitializeAsync(ct);
        var again = new SqliteDocumentStore("test", path, TimeProvider.System);
        await again.InitializeAsync(ct);

        var entry = Assert.Single((await again.ReadAuditAsync(new AuditQuery(Actor: "alice"), ct)).Items);
        Assert.Equal((id, at, "organization.updated", "organization/7", json), (entry.Id, entry.At, entry.Action, entry.Subject, entry.Json));
        Assert.Empty(await again.ScanAsync("audit", null, 10, ct));
    }

    [Fact]
    public async Task Reopening_the_file_keeps_documents_and_pending_events()
    {
        var path = Path.Combine(_directory, "reopen.db");
        var first = new SqliteDocumentStore("test", path, TimeProvider.System);
        await first.InitializeAsync(TestContext.Current.CancellationToken);
        await first.SaveAsync(new DocumentChange("c", "a", 1, "{}", DateTimeOffset.UtcNow, "kept"), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], TestContext.Current.CancellationToken);

        var second = new SqliteDocumentStore("test", path, TimeProvider.System);
        await second.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(await second.GetAsync("c", "a", TestContext.Current.CancellationToken));
        Assert.Single(await second.GetPendingAsync(10, null, TestContext.Current.CancellationToken));
        Assert.Single(await second.FindAsync("c", new SearchQuery("kept"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_search_sees_what_another_store_on_the_same_file_wrote_since_its_last_search()
    {
        // Two processes sharing one file: each keeps its own search index and catches up from the file.
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "shared.db");
        var reader = new SqliteDocumentStore("test", path, TimeProvider.System);
        var writer = new SqliteDocumentStore("test", path, TimeProvider.System);
        await reader.InitializeAsync(ct);
        await writer.InitializeAsync(ct);
        var theme = (string value) => new Dictionary<string, IReadOnlyList<string>> { ["theme"] = [value] };
        await writer.SaveAsync(new DocumentChange("c", "a", 1, "{}", DateTimeOffset.UtcNow, "Early warning", "a", theme("prevention")), [], ct);
        await writer.SaveAsync(new DocumentChange("c", "b", 1, "{}", DateTimeOffset.UtcNow, "Early action", "b", theme("prevention")), [], ct);
        Assert.Equal(2, (await reader.SearchAsync("c", new SearchQuery("early"), ct)).Total);

        await writer.SaveAsync(new DocumentChange("c", "a", 2, "{}", DateTimeOffset.UtcNow, "Late warning", "a", theme("reaction")), [], ct);
        await writer.SaveAsync(new DocumentChange("c", "b", 2, "{}", DateTimeOffset.UtcNow, Deleted: true), [], ct);
        await writer.SaveAsync(new DocumentChange("c", "c", 1, "{}", DateTimeOffset.UtcNow, "Early response", "c", theme("prevention")), [], ct);

        var found = await reader.SearchAsync("c", new SearchQuery("early", CountFacets: ["theme"]), ct);
        Assert.Equal(["c"], found.Items.Select(d => d.Id));
        Assert.Equal(new Dictionary<string, int> { ["prevention"] = 1 }, found.FacetCounts["theme"]);
        Assert.Equal(["a"], (await reader.SearchAsync("c", new SearchQuery("late", Filters: new Dictionary<string, IReadOnlyList<string>> { ["theme"] = ["reaction"] }), ct)).Items.Select(d => d.Id));
    }

    [Fact]
    public async Task Two_stores_on_one_file_take_turns_writing_while_each_keeps_its_write_connection_open()
    {
        // Each store keeps one connection for its writes: between transactions it must hold no lock on the file.
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "turns.db");
        await using var first = new SqliteDocumentStore("test", path, TimeProvider.System, busyTimeoutSeconds: 1);
        await using var second = new SqliteDocumentStore("test", path, TimeProvider.System, busyTimeoutSeconds: 1);
        await first.InitializeAsync(ct);
        await second.InitializeAsync(ct);

        for (var version = 1; version <= 3; version++)
        {
            await first.SaveAsync(new DocumentChange("c", "a", version, "{}", DateTimeOffset.UtcNow), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], ct);
            await second.SaveAsync(new DocumentChange("c", "b", version, "{}", DateTimeOffset.UtcNow), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], ct);
        }

        Assert.Equal((3, 3), ((await second.GetAsync("c", "a", ct))!.Version, (await first.GetAsync("c", "b", ct))!.Version));
        var pending = await first.GetPendingAsync(10, null, ct);
        Assert.Equal(6, pending.Count);
        await second.MarkSentAsync(pending, ct);
        Assert.Empty(await first.GetPendingAsync(10, null, ct));
    }

    [Fact]
    public async Task A_write_whose_transaction_could_not_begin_fails_alone_and_the_next_write_lands()
    {
        // Another process holds the file's write lock past the busy timeout: the transaction cannot begin. The store
        // drops the connection it writes on and opens another for the next transaction.
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "busy.db");
        await using var store = new SqliteDocumentStore("test", path, TimeProvider.System, busyTimeoutSeconds: 1);
        await store.InitializeAsync(ct);
        await store.SaveAsync(new DocumentChange("c", "a", 1, "{}", DateTimeOffset.UtcNow), [], ct);

        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await other.OpenAsync(ct);
            await using var transaction = await other.BeginTransactionAsync(ct); // BEGIN IMMEDIATE: the write lock
            var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
                store.SaveAsync(new DocumentChange("c", "a", 2, "{}", DateTimeOffset.UtcNow), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], ct));
            Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
        }

        Assert.Equal(1, (await store.GetAsync("c", "a", ct))!.Version);
        Assert.Empty(await store.GetPendingAsync(10, null, ct));
        await store.SaveAsync(new DocumentChange("c", "a", 2, "{}", DateTimeOffset.UtcNow), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], ct);
        Assert.Equal(2, (await store.GetAsync("c", "a", ct))!.Version);
        Assert.Single(await store.GetPendingAsync(10, null, ct));
    }

    [Fact]
    public async Task A_file_with_the_schema_before_tombstones_opens_and_works_after_initialization()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "old.db");
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync(ct);
            await using var command = old.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE documents (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    sort_key TEXT,
                    updated_at TEXT NOT NULL,
                    UNIQUE (collection, id));
                CREATE INDEX documents_by_sort_key ON documents (collection, sort_key, id);
                CREATE VIRTUAL TABLE documents_fts USING fts5(collection UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE TABLE facets (seq INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (facet, value, seq)) WITHOUT ROWID;
                CREATE INDEX facets_by_document ON facets (seq);
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, collection TEXT NOT NULL, document_id TEXT NOT NULL,
                    message_type TEXT NOT NULL, payload TEXT NOT NULL, trace_parent TEXT, trace_state TEXT, created_at TEXT NOT NULL, sent_at TEXT);
                CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
                CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
                INSERT INTO documents (collection, id, version, body, sort_key, updated_at)
                VALUES ('c', 'old', 1, '{}', 'old', '2026-11-23T09:00:00.0000000Z'), ('c', 'older', 1, '{}', 'older', '2026-11-22T09:00:00.0000000Z');
                INSERT INTO documents_fts (rowid, collection, text) VALUES (1, 'c', 'Kept from before'), (2, 'c', 'Also kept');
                INSERT INTO facets (seq, facet, value) VALUES (1, 'theme', 'prevention'), (2, 'theme', 'prevention');
                INSERT INTO outbox (id, collection, document_id, message_type, payload, created_at)
                VALUES ('7d3c3f0e-6d8a-4e8b-9a57-7d0f2f0b8a11', 'c', 'old', 'T', '{}', '2026-11-23T09:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync(ct);
        }

        var store = new SqliteDocumentStore("test", path, TimeProvider.System);
        await store.InitializeAsync(ct);
        await store.InitializeAsync(ct); // upgrading is done once; initializing again changes nothing

        Assert.Equal(1, (await store.GetAsync("c", "old", ct))!.Version);
        Assert.Single(await store.GetPendingAsync(10, null, ct));
        Assert.Equal(["old", "older"], (await store.FindAsync("c", new SearchQuery("kept"), ct)).Select(d => d.Id).Order().ToList());
        Assert.Equal(["old", "older"], (await store.FindAsync("c", new SearchQuery(null, Order: SearchOrder.Newest), ct)).Select(d => d.Id));

        await store.SaveAsync(new DocumentChange("c", "older", 2, "{}", DateTimeOffset.UtcNow, Deleted: true), [], ct);
        await store.SaveAsync(new DocumentChange("c", "new", 1, "{}", DateTimeOffset.UtcNow, "Kept too"), [], ct);

        Assert.Null(await store.GetAsync("c", "older", ct));
        var search = await store.SearchAsync("c", new SearchQuery("kept", CountFacets: ["theme"]), ct);
        Assert.Equal(["new", "old"], search.Items.Select(d => d.Id).Order().ToList());
        Assert.Equal(new Dictionary<string, int> { ["prevention"] = 1 }, search.FacetCounts["theme"]);
        Assert.Equal([("new", false), ("old", false), ("older", true)], (await store.ScanAsync("c", null, 10, ct)).Select(d => (d.Id, d.Deleted)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
