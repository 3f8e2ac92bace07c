using InfoHub.Testing;

namespace InfoHub.Tests.EndToEnd;

/// <summary>
/// One broker for the distributed tests, which run one after another: their services share queue names, so two
/// running at once would take each other's messages.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public TestBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Broker = await TestBroker.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Broker is not null) await Broker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "RabbitMQ broker";
}
