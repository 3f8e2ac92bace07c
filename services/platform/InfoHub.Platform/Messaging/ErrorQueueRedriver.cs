using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// Moves messages that exhausted their retries from a consumer's <c>{queue}_error</c> queue back to the queue,
/// once the cause is fixed. (Redelivery after a delay needs a broker plugin Debian's RabbitMQ does not ship.)
/// </summary>
public sealed class ErrorQueueRedriver(IEnumerable<ConsumerEndpoint> endpoints, IServiceProvider services)
{
    /// <summary>Registered only with the RabbitMQ transport.</summary>
    public sealed record BrokerAddress(Uri Uri);

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
            // A passive declare of a missing queue closes the channel, so each check gets its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(ErrorQueue(queue), ct);
                statuses.Add(new ErrorQueueStatus(queue, ErrorQueue(queue), ok.MessageCount));
            }
            catch (OperationInterruptedException)
            {
                statuses.Add(new ErrorQueueStatus(queue, ErrorQueue(queue), 0));
            }
        }
        return statuses;
    }

    /// <summary>Re-drives up to <paramref name="max"/> messages; returns how many were moved.</summary>
    public async Task<int> RedriveAsync(string queue, int max, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < max)
        {
            BasicGetResult? message;
            try
            {
                message = await channel.BasicGetAsync(ErrorQueue(queue), autoAck: false, ct);
            }
            catch (OperationInterruptedException)
            {
                break; // no error queue yet: nothing ever failed
            }
            if (message is null) break;

            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
            {
                foreach (var key in headers.Keys.Where(k => FaultHeaderPrefixes.Any(k.StartsWith)).ToList()) headers.Remove(key);
            }
            // MassTransit binds an exchange of the queue's own name to each receive queue.
            await channel.BasicPublishAsync(queue, "", mandatory: false, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }
        return moved;
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        var broker = Broker ?? throw new InvalidOperationException("Error queues can be re-driven only with the RabbitMq transport.");
        var factory = new ConnectionFactory { Uri = broker.Scheme == "rabbitmq" ? new UriBuilder(broker) { Scheme = "amqp" }.Uri : broker, ClientProvidedName = "infohub-redrive" };
        return await factory.CreateConnectionAsync(ct);
    }

    private static string ErrorQueue(string queue) => queue + "_error";
}

public sealed record ErrorQueueStatus(string Queue, string ErrorQueue, uint Messages);

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

        group.MapPost("/{queue}/redrive", async Task<Results<Ok<RedriveResult>, ProblemHttpResult>> (string queue, int? max, ErrorQueueRedriver redriver, CancellationToken ct) =>
        {
            if (!redriver.Supported) return NotSupported();
            if (!redriver.Queues.Contains(queue))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown queue",
                    detail: $"This service consumes from: {string.Join(", ", redriver.Queues)}.",
                    extensions: new Dictionary<string, object?> { ["field"] = "queue" });
            }
            if (max is < 1 or > 100_000)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid max",
                    detail: "max must be between 1 and 100000.", extensions: new Dictionary<string, object?> { ["field"] = "max" });
            }
            return TypedResults.Ok(new RedriveResult(queue, await redriver.RedriveAsync(queue, max ?? 10_000, ct)));
        });
        return app;
    }

    private static ProblemHttpResult NotSupported() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No error queues to re-drive",
            detail: "Error queues can be listed and re-driven only with Messaging:Transport = RabbitMq.");
}

public sealed record RedriveResult(string Queue, int Moved);
