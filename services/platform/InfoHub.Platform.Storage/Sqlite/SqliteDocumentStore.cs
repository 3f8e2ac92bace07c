using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using InfoHub.Platform.Storage.Indexing;
using Microsoft.Data.Sqlite;

namespace InfoHub.Platform.Storage.Sqlite;

/// <summary>
/// SQLite adapter: one file per service, WAL journal, an in-memory <see cref="SearchIndex"/> for search (loaded from the
/// file, kept up to date by write stamps), and the outbox as a table written in the same transaction as the document it belongs to.
/// </summary>
public sealed class SqliteDocumentStore(
    string service,
    string filePath,
    TimeProvider clock,
    int busyTimeoutSeconds = 30,
    SqliteDurability durability = SqliteDurability.Normal) : IDocumentStore, IAsyncDisposable, IDisposable
{
    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")}; " +
        // Loading the search index reads every document: memory-mapped reads keep that off the syscalls.
        "PRAGMA mmap_size = 268435456;";

    // The pooled database connections (their native handles) that already carry _pragmas.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();

    private readonly string _connectionString = ConnectionString(filePath, busyTimeoutSeconds, pooling: true);

    // For connections this store keeps open itself (its writes', its frequent reads'): closing one (after a failed
    // transaction) must really close it, rolling back what is left, rather than hand it to the pool.
    private readonly string _keptConnectionString = ConnectionString(filePath, busyTimeoutSeconds, pooling: false);

    private static string ConnectionString(string filePath, int busyTimeoutSeconds, bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = filePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = pooling,
        DefaultTimeout = busyTimeoutSeconds,
    }.ToString();

    /// <summary>What <see cref="ReadDocument"/> reads, from documents aliased <c>d</c>.</summary>
    private const string Columns = "d.id, d.version, d.body, d.updated_at, d.deleted";

    /// <summary>Sets a document's state from <see cref="BindDocument"/>'s parameters; the caller adds the WHERE clause.</summary>
    private const string UpdateDocument =
        "UPDATE documents SET version = $v, body = $body, sort_key = $sort, updated_at = $at, deleted = $deleted, search_text = $text, facets = $facets, stamp = $stamp";

    private const string UpdateExpectedDocument = UpdateDocument + " WHERE collection = $c AND id = $id AND version = $expected";

    private int _markCount;

    // Every write of this process goes through one queue (busy_timeout covers other processes sharing the file).
    private SqliteWriteQueue? _writes;
    private SqliteWriteQueue Writes => _writes ?? Interlocked.CompareExchange(ref _writes, new SqliteWriteQueue(ct => OpenAsync(_keptConnectionString, ct)), null) ?? _writes;

    // The frequent reads run on connections kept open with their statements.
    private SqliteReaders? _readers;
    private SqliteReaders Readers => _readers ?? Interlocked.CompareExchange(ref _readers, new SqliteReaders(ct => OpenAsync(_keptConnectionString, ct)), null) ?? _readers;

    // Searches run on an in-memory index of every document's words, facets and keys. Each write transaction takes the
    // next stamp (one counter in the file, so several processes sharing it agree) and marks the rows it writes with it;
    // a search first brings the index up to the file's stamp by reading the rows stamped since.
    private readonly SearchIndex _index = new();
    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private long _indexedStamp = -1;

    public string Service { get; } = service;

    /// <summary>Closes the connections it keeps, the write connection once the transaction under way (if any) has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writes is { } writes) await writes.DisposeAsync();
        if (_readers is { } readers) await readers.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
    public OutboxSignal OutboxSignal { get; } = new();
    public string FilePath { get; } = filePath;

    public async Task InitializeAsync(CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(FilePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", ct);
        // One immediate transaction: processes opening the same file at once neither interleave nor both upgrade it.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS documents (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                version INTEGER NOT NULL,
                body TEXT NOT NULL,
                sort_key TEXT,
                updated_at TEXT NOT NULL,
                deleted INTEGER NOT NULL DEFAULT 0,
                search_text TEXT,
                facets TEXT,
                stamp INTEGER NOT NULL DEFAULT 0,
                UNIQUE (collection, id));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT OR IGNORE INTO meta (key, value) VALUES ('stamp', 0);
            """, ct);
        await UpgradeAsync(connection, transaction, ct);
        await ExecuteAsync(connection, transaction, """
            CREATE INDEX IF NOT EXISTS documents_by_stamp ON documents (stamp);
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                collection TEXT NOT NULL,
                document_id TEXT NOT NULL,
                message_type TEXT NOT NULL,
                payload TEXT NOT NULL,
                trace_parent TEXT,
                trace_state TEXT,
                created_at TEXT NOT NULL,
                sent_at TEXT,
                parked_at TEXT,
                park_reason TEXT);
            CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS audit (
                id TEXT PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS audit_by_at ON audit (at);
            CREATE INDEX IF NOT EXISTS audit_by_actor ON audit (actor, id);
            CREATE INDEX IF NOT EXISTS audit_by_action ON audit (action, id);
            CREATE INDEX IF NOT EXISTS audit_by_subject ON audit (subject, id);
            """, ct);
        await MoveAuditOutOfDocumentsAsync(connection, transaction, ct);
        // Parked messages (before: none).
        if (!(await NamesAsync(connection, transaction, "SELECT name FROM pragma_table_info('outbox')", ct)).Contains("parked_at"))
            await ExecuteAsync(connection, transaction, "ALTER TABLE outbox ADD COLUMN parked_at TEXT; ALTER TABLE outbox ADD COLUMN park_reason TEXT;", ct);
        await ExecuteAsync(connection, transaction, """
            DROP INDEX IF EXISTS outbox_pending;
            CREATE INDEX IF NOT EXISTS outbox_due ON outbox (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
            CREATE INDEX IF NOT EXISTS outbox_parked ON outbox (seq) WHERE parked_at IS NOT NULL;
            CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
            """, ct);
        await transaction.CommitAsync(ct);

        // Load the search index now, so that the service is ready only once its first search can be fast.
        await CatchUpAsync(connection, ct);
    }

    /// <summary>Brings a file made by an older version of this adapter to the current schema.</summary>
    private static async Task UpgradeAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var columns = await NamesAsync(connection, transaction, "SELECT name FROM pragma_table_info('documents')", ct);
        var tables = await NamesAsync(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table'", ct);
        // Tombstones (before: none; every existing row is a live document).
        if (!columns.Contains("deleted"))
            await ExecuteAsync(connection, transaction, "ALTER TABLE documents ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0", ct);
        if (columns.Contains("stamp")) return;

        // The in-memory search index (before: an FTS5 table and a facets table, searched in SQL). Their contents move
        // into the documents' rows, which the index loads; rows stamped 0 are loaded by every new index.
        await ExecuteAsync(connection, transaction, """
            ALTER TABLE documents ADD COLUMN search_text TEXT;
            ALTER TABLE documents ADD COLUMN facets TEXT;
            ALTER TABLE documents ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0;
            DROP INDEX IF EXISTS documents_by_sort_key;
            DROP INDEX IF EXISTS documents_by_update;
            DROP INDEX IF EXISTS documents_live_by_sort_key;
            DROP INDEX IF EXISTS documents_live_by_update;
            DROP INDEX IF EXISTS documents_live;
            """, ct);
        if (tables.Contains("documents_fts"))
            await ExecuteAsync(connection, transaction, """
                UPDATE documents SET search_text = (SELECT f.text FROM documents_fts f WHERE f.rowid = documents.seq) WHERE deleted = 0;
                DROP TABLE documents_fts;
                """, ct);
        if (tables.Contains("facets"))
            await ExecuteAsync(connection, transaction, """
                UPDATE documents SET facets = (
                    SELECT json_group_object(facet, json(value_list)) FROM (
                        SELECT f.facet, json_group_array(f.value) AS value_list FROM facets f WHERE f.seq = documents.seq GROUP BY f.facet))
                WHERE deleted = 0 AND seq IN (SELECT seq FROM facets);
                DROP TABLE facets;
                """, ct);
    }

    /// <summary>
    /// Audit entries were documents (before: in the documents table, and so in the search index): they move to the
    /// audit table, once, in the schema's transaction.
    /// </summary>
    private static async Task MoveAuditOutOfDocumentsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var entries = new List<AuditRecord>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, body, updated_at FROM documents WHERE collection = $c";
            select.Parameters.AddWithValue("$c", AuditLog.Collection);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                using var body = JsonDocument.Parse(reader.GetString(1));
                string Field(string name) => body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
                entries.Add(new AuditRecord(reader.GetString(0), Parse(reader.GetString(2)), Field("actor"), Field("action"), Field("subject"), reader.GetString(1)));
            }
        }
        if (entries.Count == 0) return;
        foreach (var entry in entries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = InsertAudit;
            await AppendAuditAsync(insert, entry, ct);
        }
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM documents WHERE collection = $c";
        delete.Parameters.AddWithValue("$c", AuditLog.Collection);
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static async Task<HashSet<string>> NamesAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct)
    {
        await using var read = await Readers.RentAsync(ct);
        var command = read.Command(GetDocument);
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadDocument(reader) : null;
    }

    private const string GetDocument = $"SELECT {Columns} FROM documents d WHERE d.collection = $c AND d.id = $id AND d.deleted = 0";

    public Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct) =>
        SaveAllAsync([new DocumentWrite(change, events)], ct);

    public async Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct)
    {
        foreach (var write in writes) ArgumentOutOfRangeException.ThrowIfLessThan(write.Change.Version, 1);
        if (writes.Count == 0) return;

        // When any write fails, its savepoint is rolled back: none of these writes lands.
        await Writes.RunAsync(stamped: true, async (transaction, token) =>
        {
            foreach (var write in writes) await SaveLockedAsync(transaction, write.Change, write.Events, token);
            return true;
        }, ct);

        if (writes.Any(w => w.Events.Count > 0)) OutboxSignal.Notify();
    }

    private static async Task SaveLockedAsync(SqliteWrite write, DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        if (AuditLog.Read(change) is { } entry)
        {
            await AppendAuditAsync(write.Command(InsertAudit), entry, ct);
            return;
        }
        if (change.Version == 1)
        {
            try
            {
                await InsertDocumentAsync(write, change, ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
            {
                throw new ConcurrencyConflictException(change.Collection, change.Id, 0);
            }
        }
        else
        {
            var update = write.Command(UpdateExpectedDocument);
            BindDocument(update, write.Stamp, change);
            update.Parameters.AddWithValue("$expected", change.Version - 1);
            if (await update.ExecuteNonQueryAsync(ct) == 0) throw new ConcurrencyConflictException(change.Collection, change.Id, change.Version - 1);
        }

        foreach (var message in events)
        {
            var insert = write.Command("""
                INSERT INTO outbox (id, collection, document_id, message_type, payload, trace_parent, trace_state, created_at)
                VALUES ($id, $c, $doc, $type, $payload, $tp, $ts, $at)
                """);
            insert.Parameters.AddWithValue("$id", message.Id.ToString());
            insert.Parameters.AddWithValue("$c", change.Collection);
            insert.Parameters.AddWithValue("$doc", change.Id);
            insert.Parameters.AddWithValue("$type", message.MessageType);
            insert.Parameters.AddWithValue("$payload", message.Payload);
            insert.Parameters.AddWithValue("$tp", (object?)message.TraceParent ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ts", (object?)message.TraceState ?? DBNull.Value);
            insert.Parameters.AddWithValue("$at", Format(message.CreatedAt));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private const string InsertAudit = "INSERT INTO audit (id, at, actor, action, subject, body) VALUES ($id, $at, $actor, $action, $subject, $body)";

    /// <summary>Appends <paramref name="entry"/> with <paramref name="insert"/>, a command of <see cref="InsertAudit"/>.</summary>
    private static async Task AppendAuditAsync(SqliteCommand insert, AuditRecord entry, CancellationToken ct)
    {
        insert.Parameters.AddWithValue("$id", entry.Id);
        insert.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$subject", entry.Subject);
        insert.Parameters.AddWithValue("$body", entry.Json);
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string clause, string name, object? value)
        {
            if (value is null) return;
            where.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("actor = $actor", "$actor", query.Actor);
        Filter("action = $action", "$action", query.Action);
        Filter("at >= $from", "$from", query.From?.ToUnixTimeMilliseconds());
        Filter("at < $to", "$to", query.To?.ToUnixTimeMilliseconds());
        Filter("id < $after", "$after", query.After);
        // LIKE is case-insensitive for ASCII; \ escapes the pattern's own wildcards in the text.
        Filter("body LIKE $text ESCAPE '\\'", "$text", query.Text is { } text
            ? "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" : null);
        string Select(string? subjectClause) =>
            "SELECT id, at, actor, action, subject, body FROM audit" +
            (subjectClause is null && where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", subjectClause is null ? where : [subjectClause, .. where])) +
            " ORDER BY id DESC LIMIT $limit";
        if (query.Subject is { } subject)
        {
            // The subject itself and what lies under it, each read in id order from the (subject, id) index and merged:
            // one range over both would have to sort every entry of the subject to find the newest.
            command.Parameters.AddWithValue("$subject", subject);
            command.Parameters.AddWithValue("$under", subject + "/");
            command.Parameters.AddWithValue("$beyond", AuditLog.SubjectsUnder(subject));
            command.CommandText = $"SELECT * FROM ({Select("subject = $subject")}) UNION ALL SELECT * FROM ({Select("subject >= $under AND subject < $beyond")}) " +
                                  "ORDER BY id DESC LIMIT $limit";
        }
        else command.CommandText = Select(null);
        command.Parameters.AddWithValue("$limit", limit);
        var items = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(new AuditRecord(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        return new AuditPage(items, items.Count == limit ? items[^1].Id : null);
    }

    public Task<long> DeleteAuditBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        Writes.RunAsync(stamped: false, async (write, token) =>
        {
            var delete = write.Command("DELETE FROM audit WHERE at < $cutoff");
            delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            return (long)await delete.ExecuteNonQueryAsync(token);
        }, ct);

    private const string ReindexDocument = UpdateDocument + " WHERE collection = $c AND id = $id AND version = $v AND deleted = 0";

    public Task<bool> ReindexAsync(DocumentChange change, CancellationToken ct) =>
        Writes.RunAsync(stamped: true, async (write, token) =>
        {
            // A new stamp, so other processes sharing the file bring their search index up to date too.
            var update = write.Command(ReindexDocument);
            BindDocument(update, write.Stamp, change);
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    public Task<bool> ApplyIfNewerAsync(DocumentChange change, CancellationToken ct) =>
        Writes.RunAsync(stamped: true, (write, token) => ApplyIfNewerLockedAsync(write, change, token), ct);

    private static async Task<bool> ApplyIfNewerLockedAsync(SqliteWrite write, DocumentChange change, CancellationToken ct)
    {
        var select = write.Command("SELECT seq, version FROM documents WHERE collection = $c AND id = $id");
        select.Parameters.AddWithValue("$c", change.Collection);
        select.Parameters.AddWithValue("$id", change.Id);
        long? seq = null;
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                if (reader.GetInt64(1) >= change.Version) return false;
                seq = reader.GetInt64(0);
            }
        }

        if (seq is null)
        {
            await InsertDocumentAsync(write, change, ct);
        }
        else
        {
            var update = write.Command(UpdateDocumentBySeq);
            BindDocument(update, write.Stamp, change);
            update.Parameters.AddWithValue("$seq", seq.Value);
            await update.ExecuteNonQueryAsync(ct);
        }
        return true;
    }

    private const string UpdateDocumentBySeq = UpdateDocument + " WHERE seq = $seq";

    public async Task<SearchResult> SearchAsync(string collection, SearchQuery query, CancellationToken ct)
    {
        if (query.MatchesNothing) return query.NoMatches();
        await using var connection = await OpenAsync(ct);
        await CatchUpAsync(connection, ct);
        var answer = _index.Search(collection, query);
        if (answer.Page.Count == 0) return answer.WithPage([]);

        var found = new List<StoredDocument>(answer.Page.Count);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {Columns} FROM documents d WHERE d.collection = $c AND d.deleted = 0 AND d.id IN ({string.Join(", ", answer.Page.Select((_, i) => "$i" + i))})";
            command.Parameters.AddWithValue("$c", collection);
            for (var i = 0; i < answer.Page.Count; i++) command.Parameters.AddWithValue("$i" + i, answer.Page[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add(ReadDocument(reader));
        }
        return answer.WithPage(found);
    }

    /// <summary>Brings the search index up to the file: every row the first time, then the rows written since (by any process).</summary>
    private async Task CatchUpAsync(SqliteConnection connection, CancellationToken ct)
    {
        var stamp = await CurrentStampAsync(connection, ct);
        if (stamp <= Volatile.Read(ref _indexedStamp)) return;

        await _catchUpGate.WaitAsync(ct);
        try
        {
            var known = Volatile.Read(ref _indexedStamp);
            if (stamp <= known) return; // another search caught up meanwhile

            // One statement reads one consistent state of the file: each write transaction it sees, it sees whole.
            var documents = new List<IndexedDocument>();
            var latest = known;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT version, collection, id, sort_key, updated_at, deleted, search_text, facets, stamp
                    FROM documents WHERE stamp > $known ORDER BY stamp, seq
                    """;
                command.Parameters.AddWithValue("$known", known);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    documents.Add(new IndexedDocument(
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetInt64(0),
                        reader.IsDBNull(3) ? "" : reader.GetString(3),
                        reader.GetString(4),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : ReadFacets(reader.GetString(7)),
                        reader.GetInt64(5) != 0));
                    latest = Math.Max(latest, reader.GetInt64(8));
                }
            }
            // Rows read in stamp order are each document's latest state: one re-derived at its version replaces the indexed one.
            _index.Apply(documents, sameVersionReplaces: true);
            // Every transaction up to the stamp read first had committed before the rows were read, so all are in.
            Volatile.Write(ref _indexedStamp, Math.Max(latest, stamp));
        }
        finally { _catchUpGate.Release(); }
    }

    private static Dictionary<string, IReadOnlyList<string>>? ReadFacets(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(json)?.ToDictionary(f => f.Key, IReadOnlyList<string> (f) => f.Value);

    private static async Task<long> CurrentStampAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'stamp'";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<StoredDocument>> ScanAsync(string collection, string? afterId, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM documents d WHERE d.collection = $c{(afterId is null ? "" : " AND d.id > $after")} ORDER BY d.id LIMIT $limit";
        command.Parameters.AddWithValue("$c", collection);
        if (afterId is not null) command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 1000));
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) documents.Add(ReadDocument(reader));
        return documents;
    }

    private const string Pending = $"SELECT {OutboxColumns} FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY seq LIMIT $max";

    private const string PendingExcluding = $"""
        SELECT {OutboxColumns} FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL
        AND (collection, document_id) NOT IN (SELECT value ->> 0, value ->> 1 FROM json_each($excluded)) ORDER BY seq LIMIT $max
        """;

    public async Task<IReadOnlyList<PendingMessage>> GetPendingAsync(int max, IReadOnlyCollection<DocumentKey>? excluding, CancellationToken ct)
    {
        await using var read = await Readers.RentAsync(ct);
        var excluded = excluding is { Count: > 0 };
        var command = read.Command(excluded ? PendingExcluding : Pending);
        command.Parameters.AddWithValue("$max", max);
        if (excluded) command.Parameters.AddWithValue("$excluded", JsonSerializer.Serialize(excluding!.Select(k => new[] { k.Collection, k.Id })));
        var pending = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pending.Add(ReadPending(reader));
        return pending;
    }

    public Task ParkAsync(PendingMessage message, string reason, CancellationToken ct) =>
        Writes.RunAsync(stamped: false, async (write, token) =>
        {
            var command = write.Command("UPDATE outbox SET parked_at = $at, park_reason = $reason WHERE id = $id AND sent_at IS NULL");
            command.Parameters.AddWithValue("$at", Format(clock.GetUtcNow()));
            command.Parameters.AddWithValue("$reason", reason);
            command.Parameters.AddWithValue("$id", message.Message.Id.ToString());
            return await command.ExecuteNonQueryAsync(token);
        }, ct);

    public async Task<IReadOnlyList<ParkedMessage>> GetParkedAsync(int max, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxColumns}, parked_at, park_reason FROM outbox WHERE parked_at IS NOT NULL ORDER BY seq LIMIT $max";
        command.Parameters.AddWithValue("$max", Math.Clamp(max, 1, 1000));
        var parked = new List<ParkedMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) parked.Add(new ParkedMessage(ReadPending(reader), Parse(reader.GetString(8)), reader.GetString(9)));
        return parked;
    }

    public async Task<int> UnparkAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        var count = await Writes.RunAsync(stamped: false, async (write, token) =>
        {
            var command = write.Command("UPDATE outbox SET parked_at = NULL, park_reason = NULL WHERE parked_at IS NOT NULL AND id IN (SELECT value FROM json_each($ids))");
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids.Select(id => id.ToString())));
            return await command.ExecuteNonQueryAsync(token);
        }, ct);
        if (count > 0) OutboxSignal.Notify();
        return count;
    }

    public async Task<OutboxCounts> CountOutboxAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL),
                   (SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL)
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new OutboxCounts(reader.GetInt32(0), reader.GetInt32(1));
    }

    public Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken ct) =>
        Writes.RunAsync(stamped: false, (write, token) => TryHoldLeaseLockedAsync(write, name, holder, duration, token), ct);

    private async Task<bool> TryHoldLeaseLockedAsync(SqliteWrite write, string name, string holder, TimeSpan duration, CancellationToken ct)
    {
        // One statement: a free, expired or own lease is (re)taken; another holder's live lease is left alone.
        var command = write.Command("""
            INSERT INTO leases (name, holder, expires_at) VALUES ($name, $holder, $until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < $now
            RETURNING holder
            """);
        var now = clock.GetUtcNow();
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$until", Format(now + duration));
        command.Parameters.AddWithValue("$now", Format(now));
        return await command.ExecuteScalarAsync(ct) is string;
    }

    private const string OutboxColumns = "id, message_type, payload, created_at, trace_parent, trace_state, collection, document_id";

    private static PendingMessage ReadPending(SqliteDataReader reader) => new(
        new OutboxMessage(
            Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetString(2),
            Parse(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5)),
        reader.GetString(6),
        reader.GetString(7));

    public async Task MarkSentAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        await Writes.RunAsync(stamped: false, (write, token) => MarkSentLockedAsync(write, messages, token), ct);
    }

    private async Task<bool> MarkSentLockedAsync(SqliteWrite write, IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var pending in messages)
        {
            var command = write.Command("UPDATE outbox SET sent_at = $at WHERE id = $id AND sent_at IS NULL");
            command.Parameters.AddWithValue("$at", Format(now));
            command.Parameters.AddWithValue("$id", pending.Message.Id.ToString());
            await command.ExecuteNonQueryAsync(ct);
        }

        // Sent rows are kept a day for diagnosis, then purged now and then.
        if (Interlocked.Increment(ref _markCount) % 100 == 1)
        {
            var purge = write.Command("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $cutoff");
            purge.Parameters.AddWithValue("$cutoff", Format(now.AddDays(-1)));
            await purge.ExecuteNonQueryAsync(ct);
        }
        return true;
    }

    public async Task<CollectionSummary> SummarizeAsync(string collection, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(sum(version), 0) FROM documents WHERE collection = $c";
        command.Parameters.AddWithValue("$c", collection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new CollectionSummary(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "SELECT 1", ct);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(_connectionString, ct);

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // The settings stay with the database connection, which the pool hands out again: set them once per connection
        // (parsing and running them at every open was a tenth of a write's SQLite time).
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            await ExecuteAsync(connection, null, _pragmas, ct);
            _configured.AddOrUpdate(handle, Configured);
        }
        return connection;
    }

    private static async Task InsertDocumentAsync(SqliteWrite write, DocumentChange change, CancellationToken ct)
    {
        var insert = write.Command("""
            INSERT INTO documents (collection, id, version, body, sort_key, updated_at, deleted, search_text, facets, stamp)
            VALUES ($c, $id, $v, $body, $sort, $at, $deleted, $text, $facets, $stamp)
            """);
        BindDocument(insert, write.Stamp, change);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static void BindDocument(SqliteCommand command, long stamp, DocumentChange change)
    {
        command.Parameters.AddWithValue("$c", change.Collection);
        command.Parameters.AddWithValue("$id", change.Id);
        command.Parameters.AddWithValue("$v", change.Version);
        command.Parameters.AddWithValue("$body", change.Json);
        command.Parameters.AddWithValue("$sort", change.SortKey ?? "");
        command.Parameters.AddWithValue("$at", Format(change.UpdatedAt));
        command.Parameters.AddWithValue("$deleted", change.Deleted ? 1 : 0);
        // A tombstone is neither searched nor counted: it keeps no text or facets.
        command.Parameters.AddWithValue("$text", change.Deleted || string.IsNullOrWhiteSpace(change.SearchText) ? DBNull.Value : change.SearchText);
        command.Parameters.AddWithValue("$facets", change.Deleted || change.Facets is not { Count: > 0 } ? DBNull.Value : JsonSerializer.Serialize(change.Facets));
        command.Parameters.AddWithValue("$stamp", stamp);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static StoredDocument ReadDocument(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), Parse(reader.GetString(3)), reader.GetInt64(4) != 0);

    private static string Format(DateTimeOffset value) => IndexedDocument.RenderTime(value);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>
/// <c>Normal</c> (the default) syncs the WAL at checkpoints: an application crash loses nothing, a power cut may lose
/// the last commits (never half of one: a change and its outbox events stay together). <c>Full</c> syncs every commit.
/// </summary>
public enum SqliteDurability { Normal, Full }
