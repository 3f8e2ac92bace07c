using System.Diagnostics;
using System.Text.Json;
using InfoHub.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfoHub.Platform.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the relay looks for pending messages when no write has woken it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one publish may wait for the broker's confirmation before the relay backs off.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);
    public int BatchSize { get; set; } = 200;
}

/// <summary>Builds outbox rows from events, recording the current trace so the relay can continue it.</summary>
public static class OutboxMessages
{
    /// <summary>An outbox row for <paramref name="event"/>, published later as its runtime type.</summary>
    public static OutboxMessage Create(object @event, Guid eventId, DateTimeOffset at)
    {
        var current = Activity.Current;
        return new OutboxMessage(
            eventId,
            TypeName(@event.GetType()),
            JsonSerializer.Serialize(@event, @event.GetType(), JsonSerializerOptions.Web),
            at,
            current?.Id,
            current?.TraceStateString);
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

public static class OutboxRelayExtensions
{
    internal static void AddOutboxRelay(this IServiceCollection services, string service)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<OutboxRelay>(sp, sp.GetRequiredKeyedService<IDocumentStore>(service)));
    }
}

/// <summary>
/// Publishes what the store's outbox holds until the broker confirms, then marks it sent.
/// Messages of one document go out in order; a broker outage only delays them.
/// </summary>
internal sealed partial class OutboxRelay(
    IDocumentStore store,
    IBus bus,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    internal static readonly ActivitySource Source = new("InfoHub.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.MinRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (found, failed) = await RelayBatchAsync(settings, stoppingToken);
                if (failed > 0)
                {
                    await Task.Delay(delay, stoppingToken);
                    delay = Min(delay * 2, settings.MaxRetryDelay);
                    continue;
                }
                delay = settings.MinRetryDelay;
                if (found < settings.BatchSize) await store.OutboxSignal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRelayFailed(store.Service, e);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = Min(delay * 2, settings.MaxRetryDelay);
            }
        }
    }

    private async Task<(int Found, int Failed)> RelayBatchAsync(OutboxOptions settings, CancellationToken ct)
    {
        var pending = await store.GetPendingAsync(settings.BatchSize, ct);
        if (pending.Count == 0) return (0, 0);

        // Documents are independent: their messages go out concurrently, each document's in order.
        var lanes = pending.GroupBy(p => (p.Collection, p.DocumentId))
                           .Select(lane => PublishInOrderAsync(lane.ToList(), settings, ct))
                           .ToList();
        var results = await Task.WhenAll(lanes);
        var sent = results.SelectMany(r => r.Sent).ToList();
        await store.MarkSentAsync(sent, CancellationToken.None);
        return (pending.Count, pending.Count - sent.Count);
    }

    private async Task<(List<PendingMessage> Sent, bool Complete)> PublishInOrderAsync(List<PendingMessage> lane, OutboxOptions settings, CancellationToken ct)
    {
        var sent = new List<PendingMessage>(lane.Count);
        foreach (var pending in lane)
        {
            try
            {
                await PublishAsync(pending.Message, settings, ct);
                sent.Add(pending);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogPublishFailed(store.Service, pending.Message.MessageType, pending.Message.Id, e.Message);
                return (sent, false);
            }
        }
        return (sent, true);
    }

    private async Task PublishAsync(OutboxMessage message, OutboxOptions settings, CancellationToken ct)
    {
        var type = Type.GetType(message.MessageType, throwOnError: false)
            ?? throw new InvalidOperationException($"Unknown message type {message.MessageType}.");
        var payload = JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Empty payload in outbox message {message.Id}.");

        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = Source.StartActivity($"{store.Service} outbox publish", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.PublishTimeout);
        await bus.Publish(payload, type, Pipe.Execute<PublishContext>(context => context.MessageId = message.Id), timeout.Token);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Outbox relay of {Service} failed; retrying")]
    private partial void LogRelayFailed(string service, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Outbox relay of {Service} could not publish {MessageType} {MessageId} yet: {Reason}")]
    private partial void LogPublishFailed(string service, string messageType, Guid messageId, string reason);
}
