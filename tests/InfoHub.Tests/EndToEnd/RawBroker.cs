using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoHub.Tests.EndToEnd;

/// <summary>
/// The test broker reached with RabbitMQ.Client, around MassTransit: to send what no InfoHub service would (a malformed
/// event, a type nobody consumes) and to read what MassTransit set aside, headers included.
/// </summary>
public sealed class RawBroker : IAsyncDisposable
{
    private readonly IConnection _connection;

    private RawBroker(IConnection connection) => _connection = connection;

    public static async Task<RawBroker> ConnectAsync(Uri broker) =>
        new(await new ConnectionFactory { Uri = broker, ClientProvidedName = "infohub-tests" }.CreateConnectionAsync());

    /// <summary>
    /// Publishes <paramref name="message"/> in MassTransit's envelope as <paramref name="messageType"/> (a full type name)
    /// to the exchange MassTransit binds to the receive queue of the same name.
    /// </summary>
    public async Task PublishAsync(string queue, string messageType, object message)
    {
        var envelope = new Dictionary<string, object?>
        {
            ["messageId"] = Guid.NewGuid(),
            ["messageType"] = new[] { $"urn:message:{messageType[..messageType.LastIndexOf('.')]}:{messageType[(messageType.LastIndexOf('.') + 1)..]}" },
            ["sentTime"] = DateTimeOffset.UtcNow,
            ["message"] = message,
        };
        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync(queue, "", false, properties, JsonSerializer.SerializeToUtf8Bytes(envelope, JsonSerializerOptions.Web));
    }

    /// <summary>Empties <paramref name="queue"/>, if it exists.</summary>
    public async Task PurgeAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync();
        try { await channel.QueuePurgeAsync(queue); }
        catch (OperationInterruptedException) { /* not declared yet */ }
    }

    /// <summary>The headers and bodies of the messages ready in <paramref name="queue"/>, left in it.</summary>
    public async Task<IReadOnlyList<SetAside>> PeekAsync(string queue)
    {
        var messages = new List<SetAside>();
        await using var channel = await _connection.CreateChannelAsync();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
            {
                var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .ToDictionary(h => h.Key, h => h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : h.Value?.ToString());
                messages.Add(new SetAside(headers, Encoding.UTF8.GetString(message.Body.Span)));
            }
        }
        catch (OperationInterruptedException)
        {
            return []; // not declared yet
        }
        // Closing the channel returns every unacknowledged message to the queue.
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}

/// <summary>A message in an error or skipped queue: the headers MassTransit added (<c>MT-Fault-Message</c>, …) and its body.</summary>
public sealed record SetAside(IReadOnlyDictionary<string, string?> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
