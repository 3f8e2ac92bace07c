using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InfoHub.Platform.Outbox;

/// <summary>A service of this process whose store has an outbox (registered by <see cref="OutboxRelayExtensions.AddOutboxRelay"/>).</summary>
public sealed record OutboxOwner(string Service);

public sealed record OutboxStatus(string Service, int Pending, int Parked, IReadOnlyList<ParkedView> ParkedMessages);

public sealed record ParkedView(Guid Id, string MessageType, string Collection, string DocumentId, DateTimeOffset CreatedAt, DateTimeOffset ParkedAt, string Reason);

public sealed record UnparkResult(string Service, int Retried);

public static class OutboxEndpoints
{
    /// <summary>
    /// Operator endpoints on each service's own port (the gateway routes only <c>/api/**</c>): what each outbox holds, the
    /// messages parked because they could never be published, and a way to retry them once the cause is fixed.
    /// </summary>
    public static IEndpointRouteBuilder MapOutboxAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/outbox").WithTags("Operations").RequireAuthorization(Security.Access.Secretariat);

        group.MapGet("/{service}", async Task<Results<Ok<OutboxStatus>, ProblemHttpResult>> (string service, IServiceProvider services, CancellationToken ct) =>
        {
            if (Store(services, service) is not { } store) return UnknownService(services);
            var counts = await store.CountOutboxAsync(ct);
            var parked = await store.GetParkedAsync(100, ct);
            return TypedResults.Ok(new OutboxStatus(service, counts.Pending, counts.Parked, parked.Select(p => new ParkedView(
                p.Pending.Message.Id, p.Pending.Message.MessageType, p.Pending.Collection, p.Pending.DocumentId,
                p.Pending.Message.CreatedAt, p.ParkedAt, p.Reason)).ToList()));
        });

        // Retries every parked message (up to 1,000 a call), or the one named.
        group.MapPost("/{service}/parked/retry", async Task<Results<Ok<UnparkResult>, ProblemHttpResult>> (string service, Guid? id, IServiceProvider services, CancellationToken ct) =>
        {
            if (Store(services, service) is not { } store) return UnknownService(services);
            var ids = id is { } one ? [one] : (await store.GetParkedAsync(1000, ct)).Select(p => p.Pending.Message.Id).ToList();
            return TypedResults.Ok(new UnparkResult(service, await store.UnparkAsync(ids, ct)));
        });
        return app;
    }

    private static IDocumentStore? Store(IServiceProvider services, string service) =>
        services.GetServices<OutboxOwner>().Any(o => o.Service == service) ? services.GetRequiredKeyedService<IDocumentStore>(service) : null;

    private static ProblemHttpResult UnknownService(IServiceProvider services) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown service",
            detail: $"This process relays the outboxes of: {string.Join(", ", services.GetServices<OutboxOwner>().Select(o => o.Service))}.",
            extensions: new Dictionary<string, object?> { ["field"] = "service" });
}
