using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace InfoHub.Platform.Storage.Sqlite;

/// <summary>
/// A connection kept open with its compiled statements, by SQL text: a statement is compiled once, not at every use (a
/// pooled connection keeps its database handle but not its statements, and compiling them was a fifth of a write's
/// SQLite time). Used by one caller at a time; a command it hands out is its own, neither disposed nor kept by the caller.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared.</summary>
    public SqliteCommand Get(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Parameters.Clear();
        return command;
    }

    public async Task RunAsync(string sql) => await Get(sql).ExecuteNonQueryAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
        await connection.DisposeAsync();
    }
}

/// <summary>
/// The connections this process reads one file with, kept open with their statements (<see cref="SqliteStatements"/>)
/// for the frequent reads (a document by id, the pending outbox); up to <see cref="Kept"/> stay open between reads.
/// </summary>
internal sealed class SqliteReaders(Func<CancellationToken, Task<SqliteConnection>> open) : IAsyncDisposable
{
    private const int Kept = 8;
    private readonly ConcurrentBag<SqliteStatements> _idle = [];
    private volatile bool _disposed;

    public async Task<Lease> RentAsync(CancellationToken ct) =>
        new(this, _idle.TryTake(out var idle) ? idle : new SqliteStatements(await open(ct)));

    private async ValueTask ReturnAsync(SqliteStatements statements)
    {
        // (One returned while the store is being disposed may stay open: its process is ending.)
        if (!_disposed && _idle.Count < Kept) _idle.Add(statements);
        else await statements.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var statements)) await statements.DisposeAsync();
    }

    /// <summary>One connection, for one read; disposing hands it back.</summary>
    public readonly struct Lease(SqliteReaders readers, SqliteStatements statements) : IAsyncDisposable
    {
        public SqliteCommand Command(string sql) => statements.Get(sql);
        public ValueTask DisposeAsync() => readers.ReturnAsync(statements);
    }
}
