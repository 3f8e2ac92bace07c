using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoHub.Platform.Http;

/// <summary>RFC 9457 problem results that always name the offending field.</summary>
public static class Problems
{
    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.");

    public static ProblemHttpResult Field(int status, string field, string detail) =>
        TypedResults.Problem(statusCode: status, detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} does not exist.");
}

/// <summary>Collects field errors in the order they are found.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    /// <summary>Trims <paramref name="value"/>; records an error when it is missing or its length is out of range.</summary>
    public string? Text(string field, string? value, int max, int min = 0, bool required = false)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is null)
        {
            if (required) Add(field, $"'{field}' is required.");
            return null;
        }
        if (trimmed.Length < min) Add(field, $"'{field}' must be at least {min} characters long.");
        if (trimmed.Length > max) Add(field, $"'{field}' must be at most {max} characters long.");
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            Add(field, $"'{field}' must not contain control characters.");
        return trimmed;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem ToProblem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

/// <summary>Conditional requests: the <c>If-Match</c> header of a write, holding an ETag this API returned.</summary>
public static class Preconditions
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>
    /// Reads <c>If-Match</c>: no header (or <c>*</c>) gives null; <c>"3"</c> or <c>W/"3"</c> gives 3; anything else is a 400 naming the header.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? version, out IResult? problem)
    {
        version = null;
        problem = null;
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0 || ifMatch == "*") return true;
        var tag = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
        if (long.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }
        problem = Problems.Field(StatusCodes.Status400BadRequest, "If-Match", "If-Match must be an ETag this API returned, such as \"3\".");
        return false;
    }

    public static ProblemHttpResult VersionMismatch(string what, long current) =>
        Problems.Field(StatusCodes.Status412PreconditionFailed, "If-Match", $"The {what} is at version {current}; read it again and re-apply your change.");
}
