using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using ValidationResult = System.ComponentModel.DataAnnotations.ValidationResult;
using System.Diagnostics;
using System.Text.Json;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfoHub.Platform.Outbox;

public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Outbox";

    /// <summary>How often the relay looks for pending messages when no write has woken it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirmation before the relay backs off.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Back-off bounds, after a failed publish (with jitter): for the whole relay while the broker is away, else for the one document.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    [Range(1, 10_000)] public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long the relay of one instance holds the store's outbox without renewing it (it renews once a third has passed). Instances
    /// of a service sharing a store relay one at a time; when the holder dies, another takes over after this long (at once
    /// when it stops on purpose: it hands the lease back).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(20);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(PollInterval), PollInterval), (nameof(PublishTimeout), PublishTimeout), (nameof(MinRetryDelay), MinRetryDelay) })
            if (value <= TimeSpan.Zero) yield return new ValidationResult($"Outbox:{name} must be positive.", [name]);
        if (MaxRetryDelay < MinRetryDelay) yield return new ValidationResult("Outbox:MaxRetryDelay must not be below Outbox:MinRetryDelay.", [nameof(MaxRetryDelay)]);
        // A publish begun near the end of the lease must end before it does, or another instance could publish alongside.
        if (LeaseDuration < PublishTimeout * 2 + TimeSpan.FromSeconds(2))
            yield return new ValidationResult("Outbox:LeaseDuration must be at least twice Outbox:PublishTimeout plus 2 seconds.", [nameof(LeaseDuration)]);
    }
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
    /// <summary>
    /// Publishes what <paramref name="service"/>'s store (added with <c>AddDocumentStore</c>) writes to its outbox, on the
    /// process's bus, and maps the outbox's operator endpoints (<c>/admin/outbox/{service}</c>).
    /// </summary>
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder, string service)
    {
        var services = builder.Services;
        builder.AddMessaging();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new OutboxOwner(service));
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<OutboxRelay>(sp, sp.GetRequiredKeyedService<IDocumentStore>(service)));
        services.AddDefaultEndpoints<OutboxAdminEndpoints>();
        return builder;
    }

    private sealed class OutboxAdminEndpoints : IDefaultEndpoints
    {
        public void Map(WebApplication app) => app.MapOutboxAdmin();
    }
}

/// <summary>
/// Publishes what the store's outbox holds until the broker confirms, then marks it sent. Messages of one document go out
/// in order; a broker outage only delays them. Instances of a service sharing one store take turns through a lease, so
/// no message is published by two at once. A message that can never be published is parked for an operator; a document
/// whose publishes fail while others' succeed backs off alone, so it never holds the others up.
/// </summary>
internal sealed partial class OutboxRelay(
    IDocumentStore store,
    IBus bus,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    internal const string LeaseName = "outbox-relay";

    internal static readonly ActivitySource Source = new("InfoHub.Outbox");

    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // Documents whose last publish failed while others' went out: how often in a row, and when they may try again.
    private readonly Dictionary<DocumentKey, (int Failures, DateTimeOffset Due)> _backingOff = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.MinRetryDelay;
        var heldAt = long.MinValue / 2; // when the lease was last taken or renewed (Stopwatch ticks); long ago: not held
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Renewed once a third of it has passed (not every batch: an idle relay writes to its store every few
                // seconds, not every poll).
                if (Stopwatch.GetTimestamp() >= heldAt + Ticks(settings.LeaseDuration / 3))
                {
                    if (!await store.TryHoldLeaseAsync(LeaseName, _holder, settings.LeaseDuration, stoppingToken))
                    {
                        heldAt = long.MinValue / 2;
                        await store.OutboxSignal.WaitAsync(settings.PollInterval, stoppingToken);
                        continue;
                    }
                    heldAt = Stopwatch.GetTimestamp();
                }
                // The lease runs on the store's clock; this process stops publishing well before it could have run out,
                // measured on its own monotonic clock (which also counts any time the process was frozen).
                var publishUntil = heldAt + Ticks(settings.LeaseDuration - settings.PublishTimeout - TimeSpan.FromSeconds(1));
                var batch = await RelayBatchAsync(settings, publishUntil, stoppingToken);
                if (batch.Outage)
                {
                    // Nothing went out: the broker is away. Everyone waits, with a growing, jittered delay.
                    await Task.Delay(Jitter(delay), stoppingToken);
                    delay = Min(delay * 2, settings.MaxRetryDelay);
                    continue;
                }
                delay = settings.MinRetryDelay;
                if (batch.Found < settings.BatchSize) await store.OutboxSignal.WaitAsync(NextWake(settings), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRelayFailed(store.Service, e);
                await Task.Delay(Jitter(delay), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = Min(delay * 2, settings.MaxRetryDelay);
            }
        }
    }

    /// <summary>Stopping on purpose (a deploy, a scale-in): the lease is handed back, so another instance relays at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await store.TryHoldLeaseAsync(LeaseName, _holder, TimeSpan.Zero, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { LogRelayFailed(store.Service, e); }
    }

    private async Task<(int Found, bool Outage)> RelayBatchAsync(OutboxOptions settings, long publishUntil, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A document long past its back-off no longer needs its failure count (its messages went out, or elsewhere).
        foreach (var stale in _backingOff.Where(b => now - b.Value.Due > TimeSpan.FromMinutes(5)).Select(b => b.Key).ToList()) _backingOff.Remove(stale);
        var excluding = _backingOff.Where(b => b.Value.Due > now).Select(b => b.Key).ToList();
        var pending = await store.GetPendingAsync(settings.BatchSize, excluding, ct);
        if (pending.Count == 0) return (0, false);

        // Documents are independent: their messages go out concurrently, each document's in order.
        var lanes = pending.GroupBy(p => p.Document).ToList();
        var results = await Task.WhenAll(lanes.Select(lane => PublishInOrderAsync(lane.ToList(), settings, publishUntil, ct)));
        var sent = results.SelectMany(r => r.Sent).ToList();
        await store.MarkSentAsync(sent, CancellationToken.None);

        for (var i = 0; i < lanes.Count; i++)
            if (!results[i].Failed) _backingOff.Remove(lanes[i].Key);
        var failed = results.Count(r => r.Failed);
        // Several documents failed and none went out: the broker is away, and the relay as a whole backs off (an outage
        // must not spread the documents over back-off timers). Otherwise each failing document backs off alone.
        var outage = failed > 1 && sent.Count == 0;
        if (!outage)
        {
            for (var i = 0; i < lanes.Count; i++)
            {
                if (!results[i].Failed) continue;
                var failures = _backingOff.GetValueOrDefault(lanes[i].Key).Failures + 1;
                var wait = Min(settings.MinRetryDelay * Math.Pow(2, Math.Min(failures - 1, 16)), settings.MaxRetryDelay);
                _backingOff[lanes[i].Key] = (failures, now + Jitter(wait));
            }
        }
        return (pending.Count, outage);
    }

    private async Task<(List<PendingMessage> Sent, bool Failed)> PublishInOrderAsync(List<PendingMessage> lane, OutboxOptions settings, long publishUntil, CancellationToken ct)
    {
        var sent = new List<PendingMessage>(lane.Count);
        foreach (var pending in lane)
        {
            if (Stopwatch.GetTimestamp() > publishUntil) break; // the lease is nearly up: renew it before going on
            if (!TryRead(pending.Message, out var type, out var payload, out var problem))
            {
                await store.ParkAsync(pending, problem, ct);
                LogParked(store.Service, pending.Message.MessageType, pending.Message.Id, problem);
                continue;
            }
            try
            {
                await PublishAsync(pending.Message, type, payload, settings, ct);
                sent.Add(pending);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogPublishFailed(store.Service, pending.Message.MessageType, pending.Message.Id, e.Message);
                return (sent, true);
            }
        }
        return (sent, false);
    }

    // Resolving a type by its assembly-qualified name loads the assembly by name each time: a fifth of the relay's work.
    private static readonly ConcurrentDictionary<string, Type?> KnownTypes = new(StringComparer.Ordinal);

    /// <summary>The message's type and payload, or why it can never be published.</summary>
    private static bool TryRead(OutboxMessage message, out Type type, out object payload, out string problem)
    {
        (type, payload, problem) = (typeof(object), new object(), "");
        if (KnownTypes.GetOrAdd(message.MessageType, static name => Type.GetType(name, throwOnError: false)) is not { } known)
        {
            problem = $"Unknown message type '{message.MessageType}'.";
            return false;
        }
        type = known;
        try
        {
            if (JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web) is { } read)
            {
                payload = read;
                return true;
            }
            problem = "The payload is empty (null).";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            problem = $"The payload cannot be read as {type.Name}: {e.Message}";
        }
        return false;
    }

    private async Task PublishAsync(OutboxMessage message, Type type, object payload, OutboxOptions settings, CancellationToken ct)
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = Source.StartActivity($"{store.Service} outbox publish", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.PublishTimeout);
        try
        {
            // Waited for on our side too: a publish caught by a connection cut while it awaited the broker's confirmation
            // was seen never to end, token or not, and it would have stalled the relay for good (the broker back, every
            // event still waiting). Given up, it is published again; consumers ignore the copy by its version.
            await bus.Publish(payload, type, Pipe.Execute<PublishContext>(context => context.MessageId = message.Id), timeout.Token)
                .WaitAsync(settings.PublishTimeout, ct);
        }
        finally
        {
            await timeout.CancelAsync();
        }
    }

    /// <summary>The next poll, or sooner when a document's back-off ends first.</summary>
    private TimeSpan NextWake(OutboxOptions settings)
    {
        var wake = settings.PollInterval;
        var now = clock.GetUtcNow();
        foreach (var (_, due) in _backingOff.Values)
            if (due - now is var wait && wait < wake) wake = wait;
        return wake < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wake;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Between half the delay and all of it, so that instances and documents do not retry in step.</summary>
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble() / 2);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Outbox relay of {Service} failed; retrying")]
    private partial void LogRelayFailed(string service, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Outbox relay of {Service} could not publish {MessageType} {MessageId} yet: {Reason}")]
    private partial void LogPublishFailed(string service, string messageType, Guid messageId, string reason);

    [LoggerMessage(LogLevel.Error, "Outbox relay of {Service} parked {MessageType} {MessageId}, which can never be published: {Reason}")]
    private partial void LogParked(string service, string messageType, Guid messageId, string reason);
}
