using InfoHub.Testing;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;

namespace InfoHub.Bench.Hub;

/// <summary>
/// One look at the pipeline during the throughput phase: updates the client saw acknowledged, updates the directory
/// committed, outbox rows not yet relayed, messages waiting in contacts' queue, updates contacts has applied.
/// Thread counts show thread-pool growth, the runtime's answer to threads blocked in synchronous waits.
public sealed record TraceSample(
    double AtMs, int Acknowledged, long DirectoryCommitted, long OutboxPending, uint ContactsQueueReady, long ContactsApplied,
    int DirectoryThreads, int ContactsThreads);

/// <summary>
/// <c>--trace</c>: samples each stage every 100 ms so a slow stage shows as a growing backlog in front of it.
/// Reads the services' SQLite files read-only (WAL readers do not block writers) and asks the broker passively.
/// </summary>
public sealed class ThroughputTracer : IAsyncDisposable
{
    public const string ContactsQueue = "contacts-organization-updated";

    private readonly int _directoryPid;
    private readonly int _contactsPid;
    private readonly SqliteConnection _directory;
    private readonly SqliteConnection _contacts;
    private readonly IConnection _broker;
    private readonly IChannel _channel;
    private readonly List<TraceSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private long _directoryBase;
    private long _contactsBase;
    private int _acknowledged;
    private long _start;
    private Task _loop = Task.CompletedTask;

    private ThroughputTracer(DistributedHub cluster, SqliteConnection directory, SqliteConnection contacts, IConnection broker, IChannel channel)
    {
        _directoryPid = cluster.Directory.Pid;
        _contactsPid = cluster.Contacts.Pid;
        _directory = directory;
        _contacts = contacts;
        _broker = broker;
        _channel = channel;
    }

    public static async Task<ThroughputTracer> StartAsync(DistributedHub cluster, Uri broker, CancellationToken ct)
    {
        var directory = await OpenAsync(Path.Combine(cluster.DataDirectory("directory"), "directory.db"), ct);
        var contacts = await OpenAsync(Path.Combine(cluster.DataDirectory("contacts"), "contacts.db"), ct);
        var connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "infohub-bench-trace" }.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var tracer = new ThroughputTracer(cluster, directory, contacts, connection, channel);
        tracer._directoryBase = await SumOfVersionsAsync(directory, ct);
        tracer._contactsBase = await SumOfVersionsAsync(contacts, ct);
        return tracer;
    }

    public void Begin(long start)
    {
        _start = start;
        _loop = SampleAsync(_stop.Token);
    }

    public void Acknowledged() => Interlocked.Increment(ref _acknowledged);

    public async Task<IReadOnlyList<TraceSample>> StopAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        await TakeSampleAsync(CancellationToken.None);
        return _samples;
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do { await TakeSampleAsync(ct); } while (await timer.WaitForNextTickAsync(ct));
    }

    private async Task TakeSampleAsync(CancellationToken ct)
    {
        var at = Clock.MillisecondsSince(_start);
        var committed = await SumOfVersionsAsync(_directory, ct) - _directoryBase;
        var pending = await ScalarAsync(_directory, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", ct);
        var queue = await _channel.QueueDeclarePassiveAsync(ContactsQueue, ct);
        var applied = await SumOfVersionsAsync(_contacts, ct) - _contactsBase;
        _samples.Add(new TraceSample(Math.Round(at, 1), Volatile.Read(ref _acknowledged), committed, pending, queue.MessageCount, applied,
            Threads(_directoryPid), Threads(_contactsPid)));
    }

    /// <summary>Each update adds one to its organization's version, so the sum counts updates a store holds.</summary>
    private static Task<long> SumOfVersionsAsync(SqliteConnection connection, CancellationToken ct) =>
        ScalarAsync(connection, "SELECT coalesce(sum(version), 0) FROM documents WHERE collection = 'organizations'", ct);

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The process's OS thread count from /proc (Linux); -1 elsewhere.</summary>
    private static int Threads(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            return line is null ? -1 : int.Parse(line["Threads:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }

    private static async Task<SqliteConnection> OpenAsync(string path, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
        await _channel.DisposeAsync();
        await _broker.DisposeAsync();
        await _directory.DisposeAsync();
        await _contacts.DisposeAsync();
    }
}
