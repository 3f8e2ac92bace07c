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
public sealed class MongoDocumentStoreTests(MongoServer server) : DocumentStoreContract, IClassFixture<MongoServer>
{
    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        if (server.Client is null) Assert.Skip(server.SkipReason!);
        var database = server.Client.GetDatabase("infohub-test-" + Guid.NewGuid().ToString("N")[..12]);
        var store = new MongoDocumentStore("test", database, ["organizations", "other-collection"], TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MongoDocumentStore>.Instance);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }
}

public sealed class MongoServer : IAsyncLifetime
{
    public const string Variable = "INFOHUB_TEST_MONGODB";

    private MongoDbContainer? _container;

    public MongoClient? Client { get; private set; }
    public string? SkipReason { get; private set; }

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
