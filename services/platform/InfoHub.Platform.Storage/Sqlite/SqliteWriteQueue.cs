using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace InfoHub.Platform.Storage.Sqlite;

/// <summary>
/// One write transaction under way: the stamp its document rows carry, and its statements. A statement is compiled once
/// for the queue's connection and kept (compiling was a fifth of the SQLite time of a write): the queue owns the commands
/// <see cref="Command"/> hands out, so a caller neither disposes them nor keeps them past its work.
/// </summary>
internal sealed class SqliteWrite(SqliteStatements statements, long stamp)
{
    public long Stamp { get; } = stamp;

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared, ready to bind and run in this transaction.</summary>
    public SqliteCommand Command(string sql) => statements.Get(sql);
}

/// <summary>
/// This process's writes to one SQLite file: one transaction at a time (SQLite takes one writer; queueing them here
/// avoids Microsoft.Data.Sqlite's fixed 150 ms back-off on SQLITE_BUSY), and the writes that queued up while one
/// transaction ran are committed together in the next (group commit): under concurrent requests one commit, with its
/// WAL pages and checkpoint share, serves many of them. Each caller's work runs in its own savepoint, so a version
/// conflict or any other failure undoes that caller's work only; every caller learns its outcome once the transaction
/// has committed, so none is told "saved" for a write that could still be lost with a failed commit.
/// The transactions run on one connection the queue keeps open, with its compiled statements; after a failed
/// transaction it is closed and the next one opens another, so no state of a failure carries over.
/// </summary>
internal sealed class SqliteWriteQueue(Func<CancellationToken, Task<SqliteConnection>> open) : IAsyncDisposable
{
    /// <summary>At most this many callers' writes in one transaction, so one commit stays short.</summary>
    private const int MaxBatch = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<Job> _queue = new();

    // Used only by the caller holding _gate.
    private SqliteStatements? _statements;
    private bool _disposed;

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, possibly with other callers' work, and returns its result
    /// once committed. <paramref name="stamped"/>: the work writes document rows, so the transaction takes the next stamp
    /// (see <see cref="SqliteDocumentStore"/>); otherwise <see cref="SqliteWrite.Stamp"/> may be 0.
    /// </summary>
    public async Task<T> RunAsync<T>(bool stamped, Func<SqliteWrite, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var job = new Job<T>(stamped, work, ct);
        _queue.Enqueue(job);
        try
        {
            await _gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Not yet taken into a transaction: it never will be. Taken: it runs (or ran) with its token, and its outcome stands.
            if (job.TryCancel()) throw;
            return await job.Completion;
        }
        try
        {
            // An earlier caller may have committed this job with its own; otherwise lead transactions until it is done.
            while (!job.Taken) await RunBatchAsync();
        }
        finally
        {
            _gate.Release();
        }
        return await job.Completion;
    }

    private async Task RunBatchAsync()
    {
        var jobs = new List<Job>();
        while (jobs.Count < MaxBatch && _queue.TryDequeue(out var queued))
            if (queued.TryTake()) jobs.Add(queued);
        if (jobs.Count == 0) return;

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // The callers' tokens cancel their own work, not the transaction that carries the others'.
            var statements = _statements ??= new SqliteStatements(await open(CancellationToken.None));
            // Begun, saved and ended with statements of our own rather than SqliteTransaction's, which compiles each anew.
            await statements.RunAsync("BEGIN IMMEDIATE");
            var stamp = jobs.Any(j => j.Stamped) ? (long)(await statements.Get(NextStamp).ExecuteScalarAsync())! : 0;
            var write = new SqliteWrite(statements, stamp);
            if (jobs.Count == 1)
            {
                await jobs[0].RunAsync(write);
            }
            else
            {
                foreach (var job in jobs)
                {
                    await statements.RunAsync("SAVEPOINT job");
                    if (!await job.RunAsync(write)) await statements.RunAsync("ROLLBACK TO job");
                    await statements.RunAsync("RELEASE job");
                }
            }
            // Nothing to keep when every job failed: roll back.
            await statements.RunAsync(jobs.Any(j => j.Succeeded) ? "COMMIT" : "ROLLBACK");
        }
        catch (Exception e)
        {
            // The transaction itself failed (begin, a savepoint, the commit): no job's work landed. Closing the
            // connection rolls back whatever is left of it; the next transaction opens another.
            foreach (var job in jobs) job.Fail(e);
            try { await CloseAsync(); }
            catch (Exception) { /* the connection is dropped either way; the callers learn of the first failure */ }
        }
        foreach (var job in jobs) job.Complete();
    }

    /// <summary>The stamp of the write transaction under way: the next value of the file's counter.</summary>
    private const string NextStamp = "UPDATE meta SET value = value + 1 WHERE key = 'stamp' RETURNING value";

    private async Task CloseAsync()
    {
        if (_statements is { } statements)
        {
            _statements = null;
            await statements.DisposeAsync();
        }
    }

    /// <summary>Closes the connection, once no transaction is under way; a write after this fails.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await CloseAsync();
        }
        finally { _gate.Release(); }
    }

    private abstract class Job(bool stamped)
    {
        private const int Queued = 0, InTransaction = 1, Cancelled = 2;
        private int _state;

        public bool Stamped { get; } = stamped;
        public bool Taken => Volatile.Read(ref _state) == InTransaction;
        public abstract bool Succeeded { get; }

        public bool TryTake() => Interlocked.CompareExchange(ref _state, InTransaction, Queued) == Queued;

        public bool TryCancel()
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) != Queued) return false;
            SetCancelled();
            return true;
        }

        /// <summary>Runs the work; false (its error kept) when it failed and its savepoint must be rolled back.</summary>
        public abstract Task<bool> RunAsync(SqliteWrite write);

        public abstract void Fail(Exception e);

        /// <summary>Tells the caller its outcome, after the commit (or the failure).</summary>
        public abstract void Complete();

        protected abstract void SetCancelled();
    }

    private sealed class Job<T>(bool stamped, Func<SqliteWrite, CancellationToken, Task<T>> work, CancellationToken ct) : Job(stamped)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;
        private bool _ran;

        public Task<T> Completion => _completion.Task;
        public override bool Succeeded => _ran && _error is null;

        public override async Task<bool> RunAsync(SqliteWrite write)
        {
            try
            {
                ct.ThrowIfCancellationRequested();
                _result = await work(write, ct);
                return true;
            }
            catch (Exception e)
            {
                _error = e;
                return false;
            }
            finally
            {
                _ran = true;
            }
        }

        public override void Fail(Exception e) => _error ??= e;

        public override void Complete()
        {
            if (_error is OperationCanceledException cancelled) _completion.TrySetCanceled(cancelled.CancellationToken);
            else if (_error is not null) _completion.TrySetException(_error);
            else _completion.TrySetResult(_result!);
        }

        protected override void SetCancelled() => _completion.TrySetCanceled(ct);
    }
}
