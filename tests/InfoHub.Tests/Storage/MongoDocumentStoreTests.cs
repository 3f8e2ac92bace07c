using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Mongo;
using InfoHub.Testing;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace InfoHub.Tests.Storage;

/// <summary>
/// The same contract against MongoDB: a server from <c>INFOHUB_TEST_MONGODB</c> (a mongodb:// URI), else one started
/// by Testcontainers where Docker is reachable, else every test is skipped with that reason. The server must be a replica
/// set (a single node will do): the atomic multi-document save runs in a MongoDB transaction.
/// </summary>
public sealed class MongoDocumentStoreTests(MongoServer server) : DocumentStoreContract, IClassFixture<MongoServer>, IAsyncDisposable
{
    private readonly List<MongoDocumentStore> _stores = [];

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        OpenAsync("infohub-test-" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<IDocumentStore> OpenAsync(string databaseName)
    {
        if (server.Client is null) Assert.Skip(server.SkipReason!);
        var store = new MongoDocumentStore("test", server.Client.GetDatabase(databaseName), ["organizations", "other-collection"], TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MongoDocumentStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task A_search_sees_what_another_store_on_the_same_database_wrote_through_the_change_stream()
    {
        // Two instances of a service on one database: each keeps its own index, fed by the other's writes via the stream.
        var ct = TestContext.Current.CancellationToken;
        var name = "infohub-test-" + Guid.NewGuid().ToString("N")[..12];
        var (reader, writer) = (await OpenAsync(name), await OpenAsync(name));

        await writer.SaveAsync(new DocumentChange("organizations", "a", 1, "{}", DateTimeOffset.UtcNow, "Written elsewhere"), [], ct);
        await writer.SaveAsync(new DocumentChange("organizations", "a", 2, "{}", DateTimeOffset.UtcNow, "Rewritten elsewhere"), [], ct);

        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await reader.SearchAsync("organizations", new SearchQuery("rewritten"), ct)).Total == 0 && DateTime.UtcNow < until) await Task.Delay(100, ct);
        Assert.Equal(1, (await reader.SearchAsync("organizations", new SearchQuery("rewritten"), ct)).Total);
        Assert.Equal(0, (await reader.SearchAsync("organizations", new SearchQuery("written"), ct)).Total); // version 1 is gone
    }

    [Fact]
    public async Task A_standalone_server_is_refused_with_what_to_do()
    {
        if (server.Client is null) Assert.Skip(server.SkipReason!);
        if (!server.IsStandalone) Assert.Skip("The test server is a replica set; this check needs a standalone one.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync("infohub-test-standalone"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }
}

public sealed class MongoServer : IAsyncLifetime
{
    public const string Variable = "INFOHUB_TEST_MONGODB";

    private MongoDbContainer? _container;

    public MongoClient? Client { get; private set; }
    public string? SkipReason { get; private set; }

    /// <summary>Whether the configured server is a standalone one (the adapter refuses it).</summary>
    public bool IsStandalone => Client is not null && !Client.GetDatabase("admin").RunCommand<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("hello", 1)).Contains("setName");

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Client = new MongoClient(configured);
            return;
        }
        if (InfoHub.Testing.Docker.IsReachable())
        {
            _container = new MongoDbBuilder("mongo:7").WithReplicaSet().Build();
            await _container.StartAsync();
            Client = new MongoClient(_container.GetConnectionString());
            return;
        }
        SkipReason = $"No MongoDB server: set {Variable} to a mongodb:// URI or make Docker reachable for Testcontainers.MongoDb. " +
                     "(No MongoDB server can be installed on this machine; the SQLite adapter runs the same contract.)";
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
