using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using InfoHub.Platform.Hosting;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InfoHub.Platform.Audit;

/// <summary>
/// One thing someone did: who (token subject and name), what, to which subject, when, in which trace, and for a change,
/// each field's value before and after.
/// </summary>
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
    public IReadOnlyList<FieldChange>? Changes { get; init; }
}

/// <summary>A field a change touched (a JSON property of the record, by its name in the API), with its two values.</summary>
public sealed record FieldChange(string Field, JsonElement? Before, JsonElement? After);

/// <summary>One page of the audit log, newest first; <see cref="Next"/> reads on to older entries.</summary>
public sealed record AuditEntryPage(IReadOnlyList<AuditEntry> Items, int Count, string? Next);

/// <summary>
/// A service's own audit log, kept in its own store's append-only log (see <see cref="IAuditLog"/>), newest first,
/// filtered by actor, action, subject and period; readable by the secretariat only.
/// </summary>
public sealed class AuditTrail(IDocumentStore store, TimeProvider clock)
{
    /// <summary>The actor recorded for work no person asked for (demo data, replays).</summary>
    public static readonly ClaimsPrincipal System = new(new ClaimsIdentity([new Claim("sub", "system"), new Claim("name", "InfoHub")]));

    // Not recorded as changes: bookkeeping every write moves.
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "version", "updatedAt" };

    public Task RecordAsync(ClaimsPrincipal user, string action, string subject, string? detail, CancellationToken ct) =>
        store.SaveAllAsync([Entry(user, action, subject, detail)], ct);

    /// <summary>
    /// The entry as a write, for a caller that saves it in the same transaction as the change it records (with
    /// <see cref="IDocumentStore.SaveAllAsync"/>): the change and its entry land together or not at all, in one commit.
    /// With <paramref name="before"/> and <paramref name="after"/> (the record's two states; null for one that did not
    /// exist), the entry lists each field whose value differs.
    /// </summary>
    public DocumentWrite Entry(ClaimsPrincipal user, string action, string subject, string? detail, object? before = null, object? after = null)
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
            Changes = before is null && after is null ? null : Changes(before, after),
        };
        return AuditLog.Write(new AuditRecord(entry.Id.ToString(), at, entry.Actor, entry.Action, entry.Subject,
            JsonSerializer.Serialize(entry, JsonSerializerOptions.Web)));
    }

    public async Task<AuditEntryPage> ReadAsync(AuditQuery query, CancellationToken ct)
    {
        var page = await store.ReadAuditAsync(query, ct);
        var items = page.Items.Select(r => JsonSerializer.Deserialize<AuditEntry>(r.Json, JsonSerializerOptions.Web)!).ToList();
        return new AuditEntryPage(items, items.Count, page.Next);
    }

    /// <summary>The top-level fields whose JSON differs between the two states, in the order the record declares them.</summary>
    public static IReadOnlyList<FieldChange> Changes(object? before, object? after)
    {
        static Dictionary<string, JsonElement> Fields(object? state) => state is null ? [] :
            JsonSerializer.SerializeToElement(state, state.GetType(), JsonSerializerOptions.Web).EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        var (was, now) = (Fields(before), Fields(after));
        var changes = new List<FieldChange>();
        foreach (var name in now.Keys.Concat(was.Keys.Where(k => !now.ContainsKey(k))))
        {
            if (Bookkeeping.Contains(name)) continue;
            JsonElement? old = was.TryGetValue(name, out var o) && o.ValueKind != JsonValueKind.Null ? o : null;
            JsonElement? @new = now.TryGetValue(name, out var n) && n.ValueKind != JsonValueKind.Null ? n : null;
            if (old is null && @new is null) continue;
            if (old is { } a && @new is { } b && JsonElement.DeepEquals(a, b)) continue;
            changes.Add(new FieldChange(name, old, @new));
        }
        return changes;
    }
}

public static class AuditTrailExtensions
{
    /// <summary>Registers <paramref name="service"/>'s audit trail (keyed by the service's name) on its own store.</summary>
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder, string service)
    {
        builder.Services.AddKeyedSingleton(service, (sp, _) =>
            new AuditTrail(sp.GetRequiredKeyedService<IDocumentStore>(service), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddKeyedSingleton(service, (sp, _) => ActivatorUtilities.CreateInstance<AuditRetention>(sp, sp.GetRequiredKeyedService<IDocumentStore>(service)));
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<AuditRetention>(service));
        return builder;
    }

    /// <summary>
    /// Records, as <c>{service}.refused</c>, every request under <paramref name="prefix"/> answered 401 or 403: who tried
    /// (the token's subject, or <c>anonymous</c> when it had no valid token), what, and the answer.
    /// </summary>
    public static IHostApplicationBuilder AddRefusalAudit(this IHostApplicationBuilder builder, string service, string prefix)
    {
        builder.Services.AddSingleton<IRefusedRequestObserver>(sp => new RefusalAudit(service, prefix, sp.GetRequiredKeyedService<AuditTrail>(service)));
        return builder;
    }

    private sealed class RefusalAudit(string service, PathString prefix, AuditTrail trail) : IRefusedRequestObserver
    {
        public async Task OnRefusedAsync(HttpContext context)
        {
            if (!context.Request.Path.StartsWithSegments(prefix, out var rest)) return;
            // The subject as reads name it ("organization/{id}" for /organizations/{id}), else the path under the prefix.
            var segments = rest.Value?.Trim('/').Split('/') ?? [];
            var subject = segments is ["organizations", var id, ..] ? $"organization/{id}" : string.Join('/', segments);
            var user = context.User.Identity?.IsAuthenticated == true ? context.User : Anonymous;
            await trail.RecordAsync(user, $"{service}.refused", subject.Length == 0 ? service : subject,
                $"{context.Request.Method} {context.Request.Path}: {context.Response.StatusCode}", CancellationToken.None);
        }
    }

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity([new Claim("sub", "anonymous")]));

    /// <summary>
    /// <c>GET {route}</c>: the secretariat reads the service's audit log, newest first, filtered by <c>actor</c>,
    /// <c>action</c>, <c>subject</c> (with everything under it), <c>from</c>/<c>to</c> (ISO 8601) and <c>q</c> (text),
    /// paged with <c>limit</c> and <c>cursor</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapAuditTrail(this IEndpointRouteBuilder app, string route, string service)
    {
        app.MapGet(route, async ([AsParameters] AuditParameters parameters, HttpContext http, CancellationToken ct) =>
        {
            if (!TryReadQuery(parameters, http.Request.Query, out var query, out var problem)) return (IResult)problem!;
            var trail = http.RequestServices.GetRequiredKeyedService<AuditTrail>(service);
            return TypedResults.Ok(await trail.ReadAsync(query, ct));
        }).RequireAuthorization(Access.Secretariat).WithTags("Audit")
            .WithSummary("The service's audit log, newest first")
            .WithDescription("Filters: `actor` (token subject), `action`, `subject` (also finds what lies under it: `organization/{id}` " +
                             "finds its positions), `from` and `to` (ISO 8601; from inclusive, to exclusive), `q` (text anywhere in the entry, " +
                             "narrowing the other filters). Pages with `limit` (1–1000, default 50) and `cursor` (a `next` value).")
            .Produces<AuditEntryPage>().ProducesValidationProblem();
        return app;
    }

    /// <summary>The audit log's query parameters, as the API documents them (all text, checked by <see cref="TryReadQuery"/>).</summary>
    public sealed record AuditParameters(
        [property: FromQuery(Name = "actor")] string? Actor,
        [property: FromQuery(Name = "action")] string? Action,
        [property: FromQuery(Name = "subject")] string? Subject,
        [property: FromQuery(Name = "from")] string? From,
        [property: FromQuery(Name = "to")] string? To,
        [property: FromQuery(Name = "q")] string? Q,
        [property: FromQuery(Name = "limit")] string? Limit,
        [property: FromQuery(Name = "cursor")] string? Cursor);

    private static readonly string[] QueryNames = ["actor", "action", "subject", "from", "to", "q", "limit", "cursor"];

    private static bool TryReadQuery(AuditParameters parameters, IQueryCollection given, out AuditQuery query, out ValidationProblem? problem)
    {
        var errors = new FieldErrors();
        foreach (var name in given.Keys.Where(k => !QueryNames.Contains(k, StringComparer.Ordinal)))
            errors.Add(name, $"'{name}' is not a filter of the audit log; use {string.Join(", ", QueryNames.Select(n => $"'{n}'"))}.");
        foreach (var name in given.Keys.Where(k => given[k].Count > 1))
            errors.Add(name, $"'{name}' may be given once.");
        string? Text(string name, string? value, int max) => errors.Text(name, value, max);
        DateTimeOffset? Time(string name, string? given)
        {
            if (Text(name, given, 40) is not { } value) return null;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return at;
            errors.Add(name, $"'{name}' must be a date or time in ISO 8601, such as 2026-11-28 or 2026-11-28T09:30:00Z.");
            return null;
        }
        var limit = 50;
        if (Text("limit", parameters.Limit, 5) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditQuery.MaxLimit))
            errors.Add("limit", $"'limit' must be a whole number from 1 to {AuditQuery.MaxLimit}.");
        var cursor = Text("cursor", parameters.Cursor, 64);
        if (!AuditLog.IsCursor(cursor)) errors.Add("cursor", "'cursor' must be a 'next' value this API returned.");
        query = new AuditQuery(Text("actor", parameters.Actor, 200), Text("action", parameters.Action, 100), Text("subject", parameters.Subject, 300),
            Time("from", parameters.From), Time("to", parameters.To), Text("q", parameters.Q, 200), cursor, limit);
        if (query is { From: { } f, To: { } t } && f >= t) errors.Add("to", "'to' must come after 'from'.");
        problem = errors.Any ? errors.ToProblem() : null;
        return problem is null;
    }
}
