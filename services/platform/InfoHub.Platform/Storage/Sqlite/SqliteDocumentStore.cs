using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace InfoHub.Platform.Storage.Sqlite;

/// <summary>
/// SQLite adapter: one file per service, WAL journal, FTS5 for text search, and the outbox as a table
/// written in the same transaction as the document it belongs to.
/// </summary>
public sealed class SqliteDocumentStore(
    string service,
    string filePath,
    TimeProvider clock,
    int busyTimeoutSeconds = 30,
    SqliteDurability durability = SqliteDurability.Normal,
    int fewMatches = SqliteDocumentStore.DefaultFewMatches) : IDocumentStore
{
    // SQLite takes one writer at a time. Queueing this process's writers here, instead of letting them collide on
    // the file lock, avoids Microsoft.Data.Sqlite's fixed 150 ms back-off on SQLITE_BUSY; busy_timeout covers other processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")}; " +
        // Searches read many pages: a page cache per pooled connection and memory-mapped reads keep them off the syscalls.
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;";

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = filePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = busyTimeoutSeconds,
    }.ToString();

    /// <summary>What <see cref="ReadDocument"/> reads, from documents aliased <c>d</c>.</summary>
    private const string Columns = "d.id, d.version, d.body, d.updated_at, d.deleted";

    /// <summary>Sets a document's state from <see cref="BindDocument"/>'s parameters; the caller adds the WHERE clause.</summary>
    private const string UpdateDocument = "UPDATE documents SET version = $v, body = $body, sort_key = $sort, updated_at = $at, deleted = $deleted";

    private int _markCount;

    /// <summary>Up to this many matches, facet counting starts from the matches rather than from the facet rows.</summary>
    public const int DefaultFewMatches = 1_000;

    public string Service { get; } = service;
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
                UNIQUE (collection, id));
            """, ct);
        await UpgradeAsync(connection, transaction, ct);
        await ExecuteAsync(connection, transaction, """
            -- "deleted" sits after the body in each row; indexing it spares searches from reading bodies to skip tombstones.
            DROP INDEX IF EXISTS documents_by_sort_key;
            DROP INDEX IF EXISTS documents_by_update;
            CREATE INDEX IF NOT EXISTS documents_live_by_sort_key ON documents (collection, deleted, sort_key, id);
            CREATE INDEX IF NOT EXISTS documents_live_by_update ON documents (collection, deleted, updated_at, id);
            CREATE INDEX IF NOT EXISTS documents_live ON documents (collection, deleted, seq);
            CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
                collection UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE IF NOT EXISTS facets (
                seq INTEGER NOT NULL,
                facet TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (facet, value, seq)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS facets_by_document ON facets (seq);
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
                sent_at TEXT);
            CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
            CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
            """, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Brings a file made by an older version of this adapter to the current schema.</summary>
    private static async Task UpgradeAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = "SELECT name FROM pragma_table_info('documents')";
            await using var reader = await info.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        }
        // Tombstones (before: none; every existing row is a live document).
        if (!columns.Contains("deleted"))
            await ExecuteAsync(connection, transaction, "ALTER TABLE documents ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0", ct);
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM documents d WHERE d.collection = $c AND d.id = $id AND d.deleted = 0";
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadDocument(reader) : null;
    }

    public Task SaveAsync(DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct) =>
        SaveAllAsync([new DocumentWrite(change, events)], ct);

    public async Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct)
    {
        foreach (var write in writes) ArgumentOutOfRangeException.ThrowIfLessThan(write.Change.Version, 1);
        if (writes.Count == 0) return;

        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            // Disposed without a commit when any write fails: the transaction rolls back, and no write lands.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            foreach (var write in writes) await SaveLockedAsync(connection, transaction, write.Change, write.Events, ct);
            await transaction.CommitAsync(ct);
        }
        finally { _writeGate.Release(); }

        if (writes.Any(w => w.Events.Count > 0)) OutboxSignal.Notify();
    }

    private static async Task SaveLockedAsync(
        SqliteConnection connection, SqliteTransaction transaction, DocumentChange change, IReadOnlyList<OutboxMessage> events, CancellationToken ct)
    {
        long seq;
        if (change.Version == 1)
        {
            try
            {
                seq = await InsertDocumentAsync(connection, transaction, change, ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
            {
                throw new ConcurrencyConflictException(change.Collection, change.Id, 0);
            }
        }
        else
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = $"{UpdateDocument} WHERE collection = $c AND id = $id AND version = $expected RETURNING seq";
            BindDocument(update, change);
            update.Parameters.AddWithValue("$expected", change.Version - 1);
            var result = await update.ExecuteScalarAsync(ct);
            if (result is null) throw new ConcurrencyConflictException(change.Collection, change.Id, change.Version - 1);
            seq = (long)result;
        }

        await IndexAsync(connection, transaction, seq, change, ct);
        foreach (var message in events)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO outbox (id, collection, document_id, message_type, payload, trace_parent, trace_state, created_at)
                VALUES ($id, $c, $doc, $type, $payload, $tp, $ts, $at)
                """;
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

    public async Task<bool> ApplyIfNewerAsync(DocumentChange change, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try { return await ApplyIfNewerLockedAsync(change, ct); }
        finally { _writeGate.Release(); }
    }

    private async Task<bool> ApplyIfNewerLockedAsync(DocumentChange change, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT seq, version FROM documents WHERE collection = $c AND id = $id";
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
            seq = await InsertDocumentAsync(connection, transaction, change, ct);
        }
        else
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = $"{UpdateDocument} WHERE seq = $seq";
            BindDocument(update, change);
            update.Parameters.AddWithValue("$seq", seq.Value);
            await update.ExecuteNonQueryAsync(ct);
        }

        await IndexAsync(connection, transaction, seq.Value, change, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<SearchResult> SearchAsync(string collection, SearchQuery query, CancellationToken ct)
    {
        if (query.MatchesNothing) return query.NoMatches();
        await using var connection = await OpenAsync(ct);
        // Every term must match, as a whole (stemmed) word or as the start of one. Terms hold only letters and
        // digits, so quoting them keeps user input out of FTS5's query syntax.
        var terms = query.Terms;
        // A prefix query also matches the whole (stemmed) word, so one prefix term per word suffices.
        var match = terms.Count == 0 ? null : "text : (" + string.Join(" AND ", terms.Select(t => $"\"{t}\"*")) + ")";

        var items = new List<StoredDocument>();
        string lastKey = "", lastId = "";
        await using (var command = Matching(connection, collection, match, query, except: null, out var from, ranked: !query.PagesWithCursor))
        {
            // The cursor key: the sort key, or (newest first) the stored update time, whose fixed-width text sorts as the time does.
            var (key, order, keyset) = query.EffectiveOrder switch
            {
                SearchOrder.Newest => ("d.updated_at", "d.updated_at DESC, d.id DESC", "(d.updated_at, d.id) < ($afterKey, $afterId)"),
                SearchOrder.SortKey => ("d.sort_key", "d.sort_key, d.id", "(d.sort_key, d.id) > ($afterKey, $afterId)"),
                _ => ("d.sort_key", "f.rank, d.sort_key, d.id", ""),
            };
            var after = "";
            if (query.Position() is var (afterKey, afterId))
            {
                after = " AND " + keyset;
                command.Parameters.AddWithValue("$afterKey", afterKey);
                command.Parameters.AddWithValue("$afterId", afterId);
            }
            command.CommandText = $"SELECT {Columns}, {key} {from}{after} ORDER BY {order} LIMIT $limit";
            command.Parameters.AddWithValue("$limit", query.BoundedLimit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(ReadDocument(reader));
                (lastKey, lastId) = (reader.IsDBNull(5) ? "" : reader.GetString(5), reader.GetString(0));
            }
        }
        var next = query.NextCursor(items.Count, lastKey, lastId);

        int total;
        await using (var count = Matching(connection, collection, match, query, except: null, out var from))
        {
            count.CommandText = $"SELECT COUNT(*) {from}";
            total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        // Facets without a filter of their own are all counted over the same matches, in one pass over their rows;
        // a filtered facet is counted under the other filters only, in a pass of its own.
        var facetCounts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        var wanted = (query.CountFacets ?? []).Distinct().ToList();
        foreach (var facet in wanted) facetCounts[facet] = new Dictionary<string, int>(StringComparer.Ordinal);
        var filtered = query.ActiveFilters.Select(f => f.Key).ToHashSet();
        var passes = wanted.Where(filtered.Contains).Select(f => (Except: (string?)f, Facets: new List<string> { f })).ToList();
        var unfiltered = wanted.Where(f => !filtered.Contains(f)).ToList();
        if (unfiltered.Count > 0) passes.Add((null, unfiltered));
        foreach (var (except, facets) in passes)
        {
            await using var command = Matching(connection, collection, match, query, except, out var from);
            var names = facets.Select((facet, i) =>
            {
                command.Parameters.AddWithValue($"$facet{i}", facet);
                return $"$facet{i}";
            });
            // A few matches: look up their facet rows. Many: one pass over the facets' rows is cheaper than that many lookups.
            // (A filtered facet's own pass counts under fewer filters, so its matches are not known to be few.)
            command.CommandText = except is null && total <= fewMatches
                ? $"SELECT f.facet, f.value, COUNT(*) FROM (SELECT d.seq {from}) m CROSS JOIN facets f ON f.seq = m.seq WHERE f.facet IN ({string.Join(", ", names)}) GROUP BY f.facet, f.value"
                : $"SELECT facet, value, COUNT(*) FROM facets WHERE facet IN ({string.Join(", ", names)}) AND seq IN (SELECT d.seq {from}) GROUP BY facet, value";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ((Dictionary<string, int>)facetCounts[reader.GetString(0)])[reader.GetString(1)] = reader.GetInt32(2);
        }
        return new SearchResult(items, total, facetCounts, next);
    }

    /// <summary>
    /// A command whose parameters select the matching documents; <paramref name="from"/> is the FROM … WHERE clause
    /// (documents aliased <c>d</c>), with every facet filter but <paramref name="except"/>'s.
    /// </summary>
    /// <param name="ranked">Join the text matches with their rank (<c>f.rank</c>) for ordering; otherwise only test membership, which is cheaper.</param>
    private static SqliteCommand Matching(SqliteConnection connection, string collection, string? match, SearchQuery query, string? except, out string from, bool ranked = false)
    {
        var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$c", collection);
        // The (collection, deleted, seq) index answers "live documents of this collection" without reading their bodies.
        var sql = new StringBuilder(match is null
            ? "FROM documents d WHERE d.collection = $c AND d.deleted = 0"
            : ranked
                ? "FROM (SELECT rowid, bm25(documents_fts) AS rank FROM documents_fts WHERE documents_fts MATCH $match) f JOIN documents d ON d.seq = f.rowid WHERE d.collection = $c AND d.deleted = 0"
                : "FROM documents d WHERE d.collection = $c AND d.deleted = 0 AND d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH $match)");
        if (match is not null) command.Parameters.AddWithValue("$match", match);

        var filters = query.ActiveFilters;
        var drives = false;
        for (var i = 0; i < filters.Count; i++)
        {
            if (filters[i].Key == except) continue;
            command.Parameters.AddWithValue($"$f{i}", filters[i].Key);
            var values = filters[i].Value.Distinct().Select((value, j) =>
            {
                command.Parameters.AddWithValue($"$f{i}v{j}", value);
                return $"$f{i}v{j}";
            });
            // Only one set of seqs may drive the index lookups: SQLite would otherwise look up every combination of
            // two IN lists on the same key. The text matches drive when there are any, else the first filter; the
            // others are mere membership tests ("+" keeps the index out of them).
            var driving = match is null && !drives;
            drives = true;
            sql.Append($" AND {(driving ? "" : "+")}d.seq IN (SELECT seq FROM facets WHERE facet = $f{i} AND value IN ({string.Join(", ", values)}))");
        }
        from = sql.ToString();
        return command;
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

    public async Task<IReadOnlyList<PendingMessage>> GetPendingAsync(int max, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, message_type, payload, created_at, trace_parent, trace_state, collection, document_id
            FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$max", max);
        var pending = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var message = new OutboxMessage(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            pending.Add(new PendingMessage(message, reader.GetString(6), reader.GetString(7)));
        }
        return pending;
    }

    public async Task MarkSentAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try { await MarkSentLockedAsync(messages, ct); }
        finally { _writeGate.Release(); }
    }

    private async Task MarkSentLockedAsync(IReadOnlyList<PendingMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var pending in messages)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE outbox SET sent_at = $at WHERE id = $id AND sent_at IS NULL";
            command.Parameters.AddWithValue("$at", Format(now));
            command.Parameters.AddWithValue("$id", pending.Message.Id.ToString());
            await command.ExecuteNonQueryAsync(ct);
        }

        // Sent rows are kept a day for diagnosis, then purged now and then.
        if (Interlocked.Increment(ref _markCount) % 100 == 1)
        {
            await using var purge = connection.CreateCommand();
            purge.Transaction = transaction;
            purge.CommandText = "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $cutoff";
            purge.Parameters.AddWithValue("$cutoff", Format(now.AddDays(-1)));
            await purge.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "SELECT 1", ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, _pragmas, ct);
        return connection;
    }

    private static async Task<long> InsertDocumentAsync(SqliteConnection connection, SqliteTransaction transaction, DocumentChange change, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO documents (collection, id, version, body, sort_key, updated_at, deleted)
            VALUES ($c, $id, $v, $body, $sort, $at, $deleted)
            RETURNING seq
            """;
        BindDocument(insert, change);
        return (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    private static async Task IndexAsync(SqliteConnection connection, SqliteTransaction transaction, long seq, DocumentChange change, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM documents_fts WHERE rowid = $seq; DELETE FROM facets WHERE seq = $seq;";
        command.Parameters.AddWithValue("$seq", seq);
        await command.ExecuteNonQueryAsync(ct);
        if (change.Deleted) return; // A tombstone is neither searched nor counted.

        if (!string.IsNullOrWhiteSpace(change.SearchText))
        {
            command.CommandText = "INSERT INTO documents_fts (rowid, collection, text) VALUES ($seq, $c, $text)";
            command.Parameters.AddWithValue("$c", change.Collection);
            command.Parameters.AddWithValue("$text", change.SearchText);
            await command.ExecuteNonQueryAsync(ct);
        }

        foreach (var (facet, values) in change.Facets ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO facets (seq, facet, value) VALUES ($seq, $facet, $value)";
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$facet", facet);
                insert.Parameters.AddWithValue("$value", value);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static void BindDocument(SqliteCommand command, DocumentChange change)
    {
        command.Parameters.AddWithValue("$c", change.Collection);
        command.Parameters.AddWithValue("$id", change.Id);
        command.Parameters.AddWithValue("$v", change.Version);
        command.Parameters.AddWithValue("$body", change.Json);
        command.Parameters.AddWithValue("$sort", change.SortKey ?? "");
        command.Parameters.AddWithValue("$at", Format(change.UpdatedAt));
        command.Parameters.AddWithValue("$deleted", change.Deleted ? 1 : 0);
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

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>
/// <c>Normal</c> (the default) syncs the WAL at checkpoints: an application crash loses nothing, a power cut may lose
/// the last commits (never half of one: a change and its outbox events stay together). <c>Full</c> syncs every commit.
/// </summary>
public enum SqliteDurability { Normal, Full }
