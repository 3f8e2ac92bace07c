using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace InfoHub.Bench.Hub;

/// <summary>
/// Contacts' copies of the organizations, read from contacts' SQLite file (read-only: WAL readers do not block its
/// writer), woken by the file system when contacts commits. This is when a change has reached contacts, measured
/// without asking contacts anything: an API poll is itself work for the pipeline being measured (every read of the
/// contacts service is an audited read, written to its store beside the replica writes it would be waiting for).
/// </summary>
public sealed class ReplicaStore : IDisposable
{
    /// <summary>How long to sleep when no change is announced: inotify can miss nothing here, but stay correct if it does.</summary>
    private static readonly TimeSpan Fallback = TimeSpan.FromMilliseconds(20);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _one;
    private readonly SqliteCommand _all;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    private ReplicaStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
        _one = _connection.CreateCommand();
        _one.CommandText = "SELECT version, body FROM documents WHERE collection = 'organizations' AND id = $id";
        _one.Parameters.Add("$id", SqliteType.Text);
        _all = _connection.CreateCommand();
        _all.CommandText = "SELECT id, version FROM documents WHERE collection = 'organizations'";
        // A commit appends to the write-ahead log: one inotify event, delivered on a thread-pool thread.
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "-wal")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => Signal();
        _watcher.EnableRaisingEvents = true;
    }

    public static ReplicaStore Open(string databasePath) => new(databasePath);

    /// <summary>
    /// Waits until contacts' store holds <paramref name="id"/> at <paramref name="version"/> (or later) named
    /// <paramref name="name"/>; returns the Stopwatch timestamp at which the read showed it.
    /// </summary>
    public async Task<long> WaitForAsync(Guid id, string name, long version, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * timeout.TotalSeconds);
        while (true)
        {
            // Take the signal before reading: a commit between the read and the wait wakes the wait at once.
            var changed = Current();
            var (held, body) = Read(id);
            if (held > version || (held == version && NameOf(body) == name))
            {
                return Stopwatch.GetTimestamp();
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Contacts' store did not hold organization {id} at version {version} within {timeout.TotalSeconds:F0} s (last: {held}).");
            }
            await Task.WhenAny(changed, Task.Delay(Fallback, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Every organization's version in contacts' store, by id.</summary>
    public Dictionary<Guid, long> Versions()
    {
        var versions = new Dictionary<Guid, long>();
        using var reader = _all.ExecuteReader();
        while (reader.Read()) versions[Guid.Parse(reader.GetString(0))] = reader.GetInt64(1);
        return versions;
    }

    /// <summary>Completes at contacts' next commit (or never, until one).</summary>
    public Task NextChange() => Current();

    private (long Version, string? Body) Read(Guid id)
    {
        _one.Parameters["$id"].Value = id.ToString();
        using var reader = _one.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, null);
    }

    private static string? NameOf(string? body)
    {
        if (body is null) return null;
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("name", out var name) ? name.GetString() : null;
    }

    private Task Current()
    {
        lock (_gate) return _changed.Task;
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _changed;
            _changed = NewSignal();
        }
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _watcher.Dispose();
        _one.Dispose();
        _all.Dispose();
        _connection.Dispose();
    }
}
