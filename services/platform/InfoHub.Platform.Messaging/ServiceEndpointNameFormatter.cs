using MassTransit;

namespace InfoHub.Platform.Messaging;

/// <summary>
/// Kebab-case queue names prefixed by the service that owns the consumer, taken from its namespace
/// (<c>InfoHub.Contacts.…</c> → <c>contacts-…</c>, <c>InfoHub.NewsDigest.…</c> → <c>news-digest-…</c>).
/// Two services consuming the same event so get separate queues, in one process as in many.
/// </summary>
public sealed class ServiceEndpointNameFormatter : KebabCaseEndpointNameFormatter
{
    public static new readonly ServiceEndpointNameFormatter Instance = new();

    private ServiceEndpointNameFormatter() : base(null, false) { }

    public override string Consumer<T>() => $"{ServiceOf(typeof(T))}-{base.Consumer<T>()}";

    public static string ServiceOf(Type type)
    {
        var parts = type.Namespace?.Split('.') ?? [];
        if (parts.Length < 2 || parts[0] != "InfoHub")
        {
            throw new InvalidOperationException($"{type.FullName} must live in an InfoHub.<Service> namespace to be named after its service.");
        }
        return KebabCase(parts[1]);
    }

    private static string KebabCase(string value) =>
        string.Concat(value.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
