using Testcontainers.RabbitMq;

namespace InfoHub.Testing;

/// <summary>
/// The RabbitMQ broker the distributed tests use: the one named by <c>INFOHUB_TEST_RABBITMQ</c>, else one started
/// with Testcontainers where Docker is reachable, else a clear failure saying how to provide one.
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    public const string Variable = "INFOHUB_TEST_RABBITMQ";

    private readonly RabbitMqContainer? _container;

    private TestBroker(Uri uri, RabbitMqContainer? container)
    {
        Uri = uri;
        _container = container;
    }

    /// <summary>An amqp:// URI on loopback (or the Testcontainers host).</summary>
    public Uri Uri { get; }

    public string Host => Uri.Host;
    public int Port => Uri.IsDefaultPort || Uri.Port < 0 ? 5672 : Uri.Port;

    /// <summary>The same broker reached through another host and port, keeping credentials and virtual host.</summary>
    public Uri Via(string host, int port) => new UriBuilder(Uri) { Host = host, Port = port }.Uri;

    public static async Task<TestBroker> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new InvalidOperationException($"{Variable} must be an amqp:// URI, such as amqp://guest:guest@localhost:5672/, not '{configured}'.");
            }
            return new TestBroker(uri, null);
        }

        if (Docker.IsReachable())
        {
            var container = new RabbitMqBuilder("rabbitmq:3.13-alpine").Build();
            await container.StartAsync();
            return new TestBroker(new Uri(container.GetConnectionString()), container);
        }

        throw new InvalidOperationException(
            $"The distributed tests need a RabbitMQ broker. Set {Variable} (e.g. amqp://guest:guest@localhost:5672/) " +
            "to one you run, or make Docker reachable so Testcontainers can start one. On Debian: " +
            "apt-get install -y rabbitmq-server && rabbitmq-server -detached, then export " +
            $"{Variable}=amqp://guest:guest@localhost:5672/ — or run ./test.sh, which starts a local broker (and, as root on Debian, installs one).");
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
