using System.Net;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// What an API call gave: the value, or why not — the API's own problem (its status, detail and field errors), or
/// 503 when the service did not answer. Pages show a refusal as a message, never as an exception.
/// </summary>
public sealed record ApiResult<T> where T : class
{
    public T? Value { get; private init; }
    public HttpStatusCode Status { get; private init; }
    public string? Detail { get; private init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private init; } = new Dictionary<string, string[]>();

    public bool Succeeded => Value is not null;

    public static ApiResult<T> Of(T value) => new() { Value = value, Status = HttpStatusCode.OK };

    public static ApiResult<T> Refused(HttpStatusCode status, string? detail, IReadOnlyDictionary<string, string[]>? errors) =>
        new() { Status = status, Detail = detail, Errors = errors ?? new Dictionary<string, string[]>() };
}

/// <summary>The body of an API's problem answer (RFC 9457), as much of it as a page shows.</summary>
internal sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
