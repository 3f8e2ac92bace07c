using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InfoHub.Platform.Audit;

/// <summary>One thing someone did: who (token subject and name), what, to which subject, when, in which trace.</summary>
public sealed record AuditEntry
{
    public required Guid Id { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public string? ActorName { get; init; }
    public required string Action { get; init; }
    public required string Subject { get; init; }
    public string? Detail { get; init; }
    public string? TraceId { get; init; }
}

/// <summary>
/// A service's own audit log, kept in its own store (collection <see cref="Collection"/>), newest first, searchable
/// by actor, action and subject; readable by the secretariat only.
/// </summary>
public sealed class AuditTrail(IDocumentStore store, TimeProvider clock)
{
    public const string Collection = "audit";

    /// <summary>The actor recorded for work no person asked for (demo data, replays).</summary>
    public static readonly ClaimsPrincipal System = new(new ClaimsIdentity([new Claim("sub", "system"), new Claim("name", "InfoHub")]));

    public Task RecordAsync(ClaimsPrincipal user, string action, string subject, string? detail, CancellationToken ct)
    {
        var entry = Entry(user, action, subject, detail);
        return store.SaveAsync(entry.Change, entry.Events, ct);
    }

    /// <summary>
    /// The entry as a write, for a caller that saves it in the same transaction as the change it records (with
    /// <see cref="IDocumentStore.SaveAllAsync"/>): the change and its entry land together or not at all, in one commit.
    /// </summary>
    public DocumentWrite Entry(ClaimsPrincipal user, string action, string subject, string? detail)
    {
        var at = clock.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(at),
            At = at,
            Actor = user.FindFirst("sub")?.Value ?? "anonymous",
            ActorName = user.FindFirst("name")?.Value,
            Action = action,
            Subject = subject,
            Detail = detail,
            TraceId = Activity.Current?.TraceId.ToString(),
        };
        return new DocumentWrite(new DocumentChange(
            Collection,
            entry.Id.ToString(),
            1,
            JsonSerializer.Serialize(entry, JsonSerializerOptions.Web),
            at,
            SearchText: string.Join('\n', new[] { entry.Actor, entry.ActorName, entry.Action.Replace('.', ' '), entry.Subject.Replace('/', ' '), entry.Detail }.Where(s => s is not null)),
            // Newest first in unranked listings.
            SortKey: (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)), []);
    }

    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(SearchQuery query, CancellationToken ct) =>
        (await store.SearchAsync(Collection, query, ct)).Items.Select(d => JsonSerializer.Deserialize<AuditEntry>(d.Json, JsonSerializerOptions.Web)!).ToList();
}

public static class AuditTrailExtensions
{
    /// <summary>Registers <paramref name="service"/>'s audit trail (keyed by the service's name) on its own store.</summary>
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder, string service)
    {
        builder.Services.AddKeyedSingleton(service, (sp, _) =>
            new AuditTrail(sp.GetRequiredKeyedService<IDocumentStore>(service), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary><c>GET {route}?q=&amp;limit=</c>: the secretariat reads the service's audit log, newest first.</summary>
    public static IEndpointRouteBuilder MapAuditTrail(this IEndpointRouteBuilder app, string route, string service)
    {
        app.MapGet(route, async (string? q, string? limit, HttpContext http, CancellationToken ct) =>
        {
            if (!SearchParameters.TryParse(q, limit, SearchOrder.SortKey, out var query, out var problem)) return (IResult)problem!;
            var trail = http.RequestServices.GetRequiredKeyedService<AuditTrail>(service);
            return TypedResults.Ok(await trail.SearchAsync(query, ct));
        }).RequireAuthorization(Access.Secretariat).WithTags("Audit")
            .WithSummary("The service's audit log, newest first").Produces<IReadOnlyList<AuditEntry>>().ProducesValidationProblem();
        return app;
    }
}
