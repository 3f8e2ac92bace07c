using System.Text.Json;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The services' audit logs (<c>GET /api/{service}/audit</c>, the secretariat's), as the portal reads them for the
/// signed-in person. Each service keeps its own log in its own store, so one log may be read while another's service is down.
/// </summary>
public sealed class AuditApi(HttpClient http, ILogger<AuditApi> logger) : HubApi(http, logger)
{
    /// <summary>The services that keep an audit log, by the name their API's path starts with.</summary>
    public static readonly string[] Logs = ["directory", "contacts", "identity"];

    /// <summary>The log's filters and paging, in the API's names: the portal passes on these and no others.</summary>
    public static readonly string[] Parameters = ["actor", "action", "subject", "from", "to", "q", "limit", "cursor"];

    /// <summary>One page of <paramref name="log"/> (one of <see cref="Logs"/>), newest first, narrowed by <paramref name="query"/>.</summary>
    public Task<ApiResult<AuditEntryPage>> ReadAsync(string log, IEnumerable<KeyValuePair<string, string>> query, CancellationToken ct) =>
        GetAsync<AuditEntryPage>($"api/{log}/audit" + QueryString(query.Where(p => Parameters.Contains(p.Key))), ct);
}

// The audit log's answers as the portal reads them (GET /openapi/{service}.json, tag Audit).

public sealed record AuditEntryPage(IReadOnlyList<AuditEntry> Items, int Count, string? Next);

public sealed record AuditEntry(Guid Id, DateTimeOffset At, string Actor, string? ActorName, string Action, string Subject, string? Detail,
    string? TraceId, IReadOnlyList<FieldChange>? Changes);

/// <summary>A field a change touched, with its JSON value before and after (none: the field was empty or the record new).</summary>
public sealed record FieldChange(string Field, JsonElement? Before, JsonElement? After);
