using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// An audit log's reading as its address says it (<c>/workspace/audit?log=…&amp;subject=…&amp;cursor=…</c>): which log,
/// the API's filters as typed, and the page. Older entries, the newest and a narrowing by one actor or subject are
/// plain links, so every reading can be shared or bookmarked.
/// </summary>
public sealed class AuditFilters
{
    public const string Path = "/workspace/audit";
    public const int DefaultLimit = 50;
    public static readonly int[] PageSizes = [25, DefaultLimit, 100];

    private readonly Dictionary<string, string> _values;

    /// <summary>Keeps <c>log</c> and the API's parameters (the last value of each, trimmed); empty ones and anything else are dropped.</summary>
    public AuditFilters(IQueryCollection query) =>
        _values = AuditApi.Parameters.Prepend("log")
            .Select(name => KeyValuePair.Create(name, query[name].LastOrDefault()?.Trim() ?? ""))
            .Where(p => p.Value.Length > 0)
            .ToDictionary(StringComparer.Ordinal);

    public string Log => _values.GetValueOrDefault("log") ?? AuditApi.Logs[0];

    public bool KnownLog => AuditApi.Logs.Contains(Log);

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>What goes to the API: everything but the log's name.</summary>
    public IEnumerable<KeyValuePair<string, string>> ApiQuery => _values.Where(p => p.Key != "log");

    public bool IsPaged => _values.ContainsKey("cursor");

    /// <summary>The page size to show as chosen (the API's default when none or an unreadable one is given).</summary>
    public int Limit => int.TryParse(this["limit"], out var limit) ? limit : DefaultLimit;

    public string Older(string cursor) => With("cursor", cursor);

    public string Newest => Link(_values.Where(p => p.Key != "cursor"));

    /// <summary>This reading with <paramref name="filter"/> set to <paramref name="value"/> (an actor, a subject: from the newest).</summary>
    public string With(string filter, string value) =>
        Link(_values.Where(p => p.Key != "cursor" && p.Key != filter).Append(KeyValuePair.Create(filter, value)));

    private static string Link(IEnumerable<KeyValuePair<string, string>> pairs) =>
        QueryHelpers.AddQueryString(Path, pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
}
