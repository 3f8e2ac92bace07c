using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;

namespace InfoHub.Bench.Raw;

/// <param name="CpuPerMessage">Microseconds of CPU per message in the throughput phase, by process (the bench publishes and consumes).</param>
public sealed record RawResults(LatencySummary Latency, int ThroughputMessages, int InFlight, double ThroughputSeconds, double MessagesPerSecond,
    IReadOnlyDictionary<string, double> CpuPerMessage);

/// <summary>
/// The floor InfoHub is compared with: one MassTransit bus on the same broker, one consumer on its own durable
/// queue, MassTransit's defaults otherwise (persistent messages, publisher confirms), as InfoHub's services use.
/// </summary>
public sealed class RawMassTransitBench(Uri broker, BenchSettings settings)
{
    public const string Queue = "infohub-bench-ping";
    private static readonly string MessageExchange = "InfoHub.Bench.Raw:BenchPing";

    public async Task<RawResults> RunAsync(CancellationToken ct)
    {
        await DeleteBrokerEntitiesAsync(ct); // leftovers of an interrupted run
        var tracker = new PingTracker(Guid.NewGuid());
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            var (user, password) = Credentials(broker);
            cfg.Host(broker.Host, Port(broker), VirtualHost(broker), h =>
            {
                h.Username(user);
                h.Password(password);
            });
            cfg.ReceiveEndpoint(Queue, e => e.Consumer(() => new BenchPingConsumer(tracker)));
        });

        await bus.StartAsync(ct);
        try
        {
            var sequence = 0L;
            Console.WriteLine($"  raw latency: {settings.RawLatencyWarmup} warm-up + {settings.RawLatencySamples} sequential publish→consume");
            var latencies = new List<double>(settings.RawLatencySamples);
            for (var i = 0; i < settings.RawLatencyWarmup + settings.RawLatencySamples; i++)
            {
                var id = sequence++;
                var consumed = tracker.Consumed(id);
                var start = Stopwatch.GetTimestamp();
                await bus.Publish(new BenchPing(tracker.Run, id), ct);
                var end = await consumed.WaitAsync(TimeSpan.FromSeconds(30), ct);
                if (i >= settings.RawLatencyWarmup) latencies.Add(Clock.MillisecondsBetween(start, end));
            }

            Console.WriteLine($"  raw throughput: {settings.RawThroughputWarmup} warm-up + {settings.RawThroughputMessages} messages, {settings.RawInFlight} publishes in flight");
            await PublishManyAsync(bus, tracker, sequence, settings.RawThroughputWarmup, ct);
            sequence += settings.RawThroughputWarmup;
            var cpu = CpuMeter.For();
            cpu.Start();
            var seconds = await PublishManyAsync(bus, tracker, sequence, settings.RawThroughputMessages, ct);
            var cpuPerMessage = cpu.Stop(settings.RawThroughputMessages);

            return new RawResults(LatencySummary.Of(latencies), settings.RawThroughputMessages, settings.RawInFlight, seconds,
                settings.RawThroughputMessages / seconds, cpuPerMessage);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
            await DeleteBrokerEntitiesAsync(CancellationToken.None);
        }
    }

    /// <summary>Publishes <paramref name="count"/> pings with bounded concurrency; returns the time until the last is consumed.</summary>
    private async Task<double> PublishManyAsync(IBus bus, PingTracker tracker, long first, int count, CancellationToken ct)
    {
        var allConsumed = tracker.CountFromZero(count);
        var start = Stopwatch.GetTimestamp();
        await Concurrently.RunAsync(count, settings.RawInFlight, (i, token) => bus.Publish(new BenchPing(tracker.Run, first + i), token), ct);
        var end = await allConsumed.WaitAsync(TimeSpan.FromMinutes(2), ct);
        return Clock.MillisecondsBetween(start, end) / 1000;
    }

    /// <summary>The queue, its same-named exchange and the message exchange exist only for the benchmark.</summary>
    private async Task DeleteBrokerEntitiesAsync(CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "infohub-bench-cleanup" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.QueueDeleteAsync(Queue, ifUnused: false, ifEmpty: false, cancellationToken: ct);
        await channel.ExchangeDeleteAsync(Queue, ifUnused: false, cancellationToken: ct);
        await channel.ExchangeDeleteAsync(MessageExchange, ifUnused: false, cancellationToken: ct);
    }

    internal static ushort Port(Uri broker) => broker.IsDefaultPort || broker.Port < 0 ? (ushort)5672 : (ushort)broker.Port;

    internal static string VirtualHost(Uri broker) =>
        broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));

    internal static (string User, string Password) Credentials(Uri broker)
    {
        if (string.IsNullOrEmpty(broker.UserInfo)) return ("guest", "guest");
        var parts = broker.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
