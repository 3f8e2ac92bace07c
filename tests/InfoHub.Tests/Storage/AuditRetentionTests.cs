using System.Text.Json;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfoHub.Tests.Storage;

/// <summary>Retention exports the audit entries it is about to delete, and deletes nothing it has not exported.</summary>
public sealed class AuditRetentionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("infohub-retention-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_past_retention_are_exported_to_a_file_and_only_then_deleted()
    {
        var store = new SqliteDocumentStore("directory", Path.Combine(_directory, "directory.db"), TimeProvider.System);
        await store.InitializeAsync(Ct);
        for (var day = 0; day < 10; day++)
        {
            var at = T0.AddDays(day);
            var id = Guid.CreateVersion7(at).ToString();
            await store.SaveAllAsync([AuditLog.Write(new AuditRecord(id, at, "alice", "organization.updated", "organization/7", $$"""{"id":"{{id}}","day":{{day}}}"""))], Ct);
        }
        var exports = Path.Combine(_directory, "exports");
        var retention = new AuditRetention(store, Options.Create(new AuditOptions { ExportDirectory = exports }),
            Options.Create(new StorageOptions { DataDirectory = _directory }), TimeProvider.System, NullLogger<AuditRetention>.Instance);

        var file = await retention.SweepAsync(T0.AddDays(7), Ct);

        Assert.NotNull(file);
        Assert.StartsWith(Path.Combine(exports, "directory-audit-before-20250108T000000Z"), file);
        var exported = (await File.ReadAllLinesAsync(file, Ct)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("day").GetInt32()).Order().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], exported);
        Assert.Equal([9, 8, 7], (await store.ReadAuditAsync(new AuditQuery(), Ct)).Items.Select(e => (e.At - T0).Days));
        Assert.Empty(System.IO.Directory.GetFiles(exports, "*.partial"));
        Assert.Null(await retention.SweepAsync(T0.AddDays(7), Ct)); // nothing left to export
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
