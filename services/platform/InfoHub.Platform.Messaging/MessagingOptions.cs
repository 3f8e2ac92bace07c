using System.ComponentModel.DataAnnotations;

namespace InfoHub.Platform.Messaging;

public enum MessagingTransport { InMemory, RabbitMq }

/// <summary>Bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.RabbitMq;

    /// <summary>The broker, e.g. <c>amqp://guest:guest@localhost:5672/</c>; required with the RabbitMq transport.</summary>
    public string? RabbitMq { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>
    /// In-process retry intervals, in milliseconds, before a message goes to its <c>_error</c> queue.
    /// (Delayed redelivery needs a broker plugin Debian's RabbitMQ lacks.)
    /// </summary>
    /// <remarks>Empty means the default schedule; configuration binding appends to a pre-filled array, so the default lives in <see cref="RetrySchedule"/>.</remarks>
    public int[] RetryIntervalsMs { get; set; } = [];

    public static readonly int[] DefaultRetryIntervalsMs = [100, 500, 2_000, 5_000];

    public int[] RetrySchedule => RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : DefaultRetryIntervalsMs;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == MessagingTransport.RabbitMq && !TryParseBroker(RabbitMq, out _))
        {
            yield return new ValidationResult(
                "Messaging:RabbitMq must be an amqp:// URI when Messaging:Transport is RabbitMq.", [nameof(RabbitMq)]);
        }
        if (RetryIntervalsMs.Any(i => i < 0 || i > 600_000))
        {
            yield return new ValidationResult("Messaging:RetryIntervalsMs must be between 0 and 600000.", [nameof(RetryIntervalsMs)]);
        }
    }

    internal static bool TryParseBroker(string? value, out Uri uri)
    {
        uri = null!;
        return Uri.TryCreate(value, UriKind.Absolute, out var parsed)
               && parsed.Scheme is "amqp" or "amqps" or "rabbitmq"
               && (uri = parsed) is not null;
    }
}
