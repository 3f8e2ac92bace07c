using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// The services' audit logs for the secretariat: one log at a time (directory, contacts, identity), newest first,
/// filtered and paged as the API allows. Filters the API refuses are named beside their fields; a service that does
/// not answer leaves the form to choose another log.
/// </summary>
public sealed partial class AuditPage(DirectoryApi directory, AuditApi audit) : WorkspacePage(directory)
{
    /// <summary>The filter form's fields, by the API's names: their errors are shown beside them.</summary>
    public static readonly string[] FormFields = ["log", "q", "subject", "actor", "action", "from", "to", "limit"];

    public AuditFilters Filters { get; private set; } = null!;

    public AuditEntryPage? Entries { get; private set; }

    public ApiErrors Errors { get; private set; } = ApiErrors.None;

    /// <summary>The chosen log's service did not answer.</summary>
    public bool Unanswered { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        Filters = new AuditFilters(Request.Query);
        if (!Filters.KnownLog)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var read = await audit.ReadAsync(Filters.Log, Filters.ApiQuery, ct);
        if (read.Succeeded) Entries = read.Value;
        else if (read.Status == HttpStatusCode.BadRequest)
        {
            Errors = ApiErrors.Of(read, "q");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if ((int)read.Status >= 500) // not answered, or the gateway's 502 or 504 for it
        {
            Unanswered = true;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        else Refuse(read, AuditFilters.Path);
        return Page();
    }

    /// <summary>The organization an entry is about (<c>organization/{id}</c>, or something under it), whose profile can be linked.</summary>
    public static Guid? OrganizationOf(string subject) =>
        OrganizationSubject().Match(subject) is { Success: true } match ? Guid.Parse(match.Groups[1].Value) : null;

    /// <summary>
    /// A changed field's JSON value as a person reads it: text as itself, numbers and true/false as written, a list as
    /// its items, an object as its fields (<c>name: value; …</c>); null for no value (nor an empty text, list or
    /// object). The page HTML-encodes it.
    /// </summary>
    public static string? Readable(JsonElement? value) => value is { } json && Readable(json) is { Length: > 0 } text ? text : null;

    private static string Readable(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Array => string.Join(", ", json.EnumerateArray().Select(Nested)),
        JsonValueKind.Object => string.Join("; ", json.EnumerateObject().Select(p => $"{p.Name}: {Nested(p.Value)}")),
        _ => json.GetRawText(),
    };

    /// <summary>A value inside a list or object: bracketed when it is a list or object itself, so the nesting stays readable.</summary>
    private static string Nested(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Array => $"[{Readable(json)}]",
        JsonValueKind.Object => $"{{{Readable(json)}}}",
        _ => Readable(json),
    };

    [GeneratedRegex("^organization/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/|$)")]
    private static partial Regex OrganizationSubject();
}
