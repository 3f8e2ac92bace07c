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
    public async Task Reopening_the_file_keeps_documents_and_pending_events()
    {
        var path = Path.Combine(_directory, "reopen.db");
        var first = new SqliteDocumentStore("test", path, TimeProvider.System);
        await first.InitializeAsync(TestContext.Current.CancellationToken);
        await first.SaveAsync(new DocumentChange("c", "a", 1, "{}", DateTimeOffset.UtcNow, "kept"), [new OutboxMessage(Guid.NewGuid(), "T", "{}", DateTimeOffset.UtcNow)], TestContext.Current.CancellationToken);

        var second = new SqliteDocumentStore("test", path, TimeProvider.System);
        await second.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(await second.GetAsync("c", "a", TestContext.Current.CancellationToken));
        Assert.Single(await second.GetPendingAsync(10, TestContext.Current.CancellationToken));
        Assert.Single(await second.FindAsync("c", new SearchQuery("kept"), TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
