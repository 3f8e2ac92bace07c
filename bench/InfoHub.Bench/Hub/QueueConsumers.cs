using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoHub.Bench.Hub;

/// <summary>
/// InfoHub's queue names are fixed per service, so any other contacts process on the same broker and virtual host
/// (a test run, a developer's stack) competes for the bench's events and falsifies its figures. Counting the
/// consumers on contacts' queues catches that before and after the measurement.
/// </summary>
public static class QueueConsumers
{
    public static readonly string[] ContactsQueues = ["contacts-organization-registered", "contacts-organization-updated"];

    public static async Task<IReadOnlyDictionary<string, uint>> CountAsync(Uri broker, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "infohub-bench-check" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        var counts = new Dictionary<string, uint>();
        foreach (var queue in ContactsQueues)
        {
            // A passive declare of a missing queue closes its channel, so each queue gets its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try { counts[queue] = (await channel.QueueDeclarePassiveAsync(queue, ct)).ConsumerCount; }
            catch (OperationInterruptedException) { counts[queue] = 0; }
        }
        return counts;
    }

    /// <summary>Throws unless every contacts queue has exactly <paramref name="expected"/> consumers.</summary>
    public static async Task ExpectAsync(Uri broker, uint expected, string when, CancellationToken ct)
    {
        var counts = await CountAsync(broker, ct);
        var wrong = counts.Where(c => c.Value != expected).ToList();
        if (wrong.Count == 0) return;
        throw new InvalidOperationException(
            $"{when}, {string.Join(", ", wrong.Select(w => $"{w.Key} has {w.Value} consumer(s)"))} where the bench expects {expected}. " +
            "Another InfoHub contacts process is using this broker's virtual host and would take the bench's events. " +
            "Stop it, or point INFOHUB_TEST_RABBITMQ at a virtual host of its own (see bench/README.md).");
    }
}
