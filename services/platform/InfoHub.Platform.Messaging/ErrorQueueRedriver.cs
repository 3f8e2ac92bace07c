using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// Moves messages back to a consumer's queue, once the cause is fixed: from <c>{queue}_error</c>, where messages that
/// exhausted their retries (or were invalid) go, or from <c>{queue}_skipped</c>, where MassTransit puts messages no
/// consumer of the queue handles (say, an event type a newer version consumes). Redelivery after a delay needs a broker
/// plugin Debian's RabbitMQ does not ship.
/// </summary>
public sealed class ErrorQueueRedriver(IEnumerable<ConsumerEndpoint> endpoints, IServiceProvider services)
{
    /// <summary>Registered only with the RabbitMQ transport.</summary>
    public sealed record BrokerAddress(Uri Uri);

    /// <summary>Marks each message a re-drive moved with the id of that call, so the call knows its own when one fails again.</summary>
    public const string RedriveHeader = "InfoHub-Redrive";

    private static readonly string[] FaultHeaderPrefixes = ["MT-Fault-", "MT-Reason", "MT-Host-"];

    public IReadOnlyList<string> Queues { get; } = endpoints.Select(e => e.QueueName).Distinct().Order().ToList();

    private Uri? Broker => services.GetService<BrokerAddress>()?.Uri;

    public bool Supported => Broker is not null;

    public async Task<IReadOnlyList<ErrorQueueStatus>> ListAsync(CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var statuses = new List<ErrorQueueStatus>();
        foreach (var queue in Queues)
        {
            var (error, skipped) = (DeadLetterQueue(queue, DeadLetterKind.Error), DeadLetterQueue(queue, DeadLetterKind.Skipped));
            statuses.Add(new ErrorQueueStatus(queue, error, await CountAsync(connection, error, ct), skipped, await CountAsync(connection, skipped, ct)));
        }
        return statuses;
    }

    /// <summary>
    /// Re-drives the messages that were in the dead-letter queue when the call started, at most <paramref name="max"/>,
    /// each at most once; returns how many were moved. A moved message that fails again lands at the tail, behind those
    /// still to move, so the call stops after as many as it counted — or sooner, when one carrying its own mark comes
    /// back (another call moved some of them meanwhile), which it leaves where it was.
    /// </summary>
    public async Task<int> RedriveAsync(string queue, DeadLetterKind kind, int max, CancellationToken ct)
    {
        var source = DeadLetterQueue(queue, kind);
        await using var connection = await ConnectAsync(ct);
        var limit = Math.Min(max, await CountAsync(connection, source, ct));
        if (limit == 0) return 0;

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var mark = Guid.NewGuid().ToString("N");
        var moved = 0;
        while (moved < limit)
        {
            var message = await channel.BasicGetAsync(source, autoAck: false, ct);
            if (message is null) break;

            var properties = new BasicProperties(message.BasicProperties);
            var headers = properties.Headers ??= new Dictionary<string, object?>();
            if (headers.TryGetValue(RedriveHeader, out var previous) && Text(previous) == mark)
            {
                await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, ct);
                break;
            }
            foreach (var key in headers.Keys.Where(k => FaultHeaderPrefixes.Any(k.StartsWith)).ToList()) headers.Remove(key);
            headers[RedriveHeader] = mark;
            // MassTransit binds an exchange of the queue's own name to each receive queue.
            await channel.BasicPublishAsync(queue, "", mandatory: false, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }
        return moved;
    }

    /// <summary>Messages ready in <paramref name="queue"/>; none when it was never declared (nothing ever failed).</summary>
    private static async Task<int> CountAsync(IConnection connection, string queue, CancellationToken ct)
    {
        // A passive declare of a missing queue closes the channel, so each check gets its own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (int)Math.Min(int.MaxValue, (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount);
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    private static string? Text(object? header) => header switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    };

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        var broker = Broker ?? throw new InvalidOperationException("Error queues can be re-driven only with the RabbitMq transport.");
        var factory = new ConnectionFactory { Uri = broker.Scheme == "rabbitmq" ? new UriBuilder(broker) { Scheme = "amqp" }.Uri : broker, ClientProvidedName = "infohub-redrive" };
        return await factory.CreateConnectionAsync(ct);
    }

    public static string DeadLetterQueue(string queue, DeadLetterKind kind) => queue + (kind == DeadLetterKind.Skipped ? "_skipped" : "_error");
}

/// <summary>Where MassTransit set a message aside: it failed (<c>_error</c>) or no consumer handles its type (<c>_skipped</c>).</summary>
public enum DeadLetterKind { Error, Skipped }

/// <param name="Messages">In the error queue.</param>
/// <param name="Skipped">In the skipped queue.</param>
public sealed record ErrorQueueStatus(string Queue, string ErrorQueue, int Messages, string SkippedQueue, int Skipped);

public static class ErrorQueueEndpoints
{
    /// <summary>
    /// Operator endpoints on each service's own port; the gateway routes only <c>/api/**</c>, so they are
    /// not reachable through it.
    /// </summary>
    public static IEndpointRouteBuilder MapErrorQueueAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/messaging/error-queues").WithTags("Operations").RequireAuthorization(Security.Access.Secretariat);

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<ErrorQueueStatus>>, ProblemHttpResult>> (ErrorQueueRedriver redriver, CancellationToken ct) =>
            redriver.Supported
                ? TypedResults.Ok(await redriver.ListAsync(ct))
                : NotSupported());

        group.MapPost("/{queue}/redrive", async Task<Results<Ok<RedriveResult>, ProblemHttpResult>> (string queue, string? kind, int? max, ErrorQueueRedriver redriver, CancellationToken ct) =>
        {
            if (!redriver.Supported) return NotSupported();
            if (!redriver.Queues.Contains(queue))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown queue",
                    detail: $"This service consumes from: {string.Join(", ", redriver.Queues)}.",
                    extensions: new Dictionary<string, object?> { ["field"] = "queue" });
            }
            if (ParseKind(kind) is not { } from)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid kind",
                    detail: "kind must be error (the default) or skipped.", extensions: new Dictionary<string, object?> { ["field"] = "kind" });
            }
            if (max is < 1 or > 100_000)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid max",
                    detail: "max must be between 1 and 100000.", extensions: new Dictionary<string, object?> { ["field"] = "max" });
            }
            var moved = await redriver.RedriveAsync(queue, from, max ?? 10_000, ct);
            return TypedResults.Ok(new RedriveResult(queue, ErrorQueueRedriver.DeadLetterQueue(queue, from), moved));
        });
        return app;
    }

    private static DeadLetterKind? ParseKind(string? kind) => kind?.ToLowerInvariant() switch
    {
        null or "error" => DeadLetterKind.Error,
        "skipped" => DeadLetterKind.Skipped,
        _ => null,
    };

    private static ProblemHttpResult NotSupported() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No error queues to re-drive",
            detail: "Error queues can be listed and re-driven only with Messaging:Transport = RabbitMq.");
}

/// <param name="From">The error or skipped queue the messages were moved from.</param>
public sealed record RedriveResult(string Queue, string From, int Moved);
