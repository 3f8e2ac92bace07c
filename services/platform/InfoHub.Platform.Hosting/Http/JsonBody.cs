using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace InfoHub.Platform.Http;

/// <summary>
/// Reads a request body strictly: UTF-8 JSON only, known fields only, each once and of the declared type. Every failure is a
/// 4xx problem naming the field, so a value such as <c>{"$gt": ""}</c> where a string belongs never reaches a store.
/// </summary>
public static partial class JsonBody
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return BodyRead<T>.Fail(Problems.Field(StatusCodes.Status415UnsupportedMediaType, "body",
                "The body must be JSON, sent with Content-Type: application/json."));
        }
        if (BodyText.CharsetProblem(request) is { } charset) return BodyRead<T>.Fail(charset);
        return await ReadAsync<T>(request.Body, ct);
    }

    /// <summary>A JSON body (or an uploaded JSON file) whose media type the caller has checked: UTF-8, one value of <typeparamref name="T"/>.</summary>
    public static async Task<BodyRead<T>> ReadAsync<T>(Stream body, CancellationToken ct) where T : class
    {
        var (bytes, problem) = await BodyText.ReadUtf8Async(body, ct);
        if (problem is not null) return BodyRead<T>.Fail(problem);
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes.Span, Options);
            return value is null
                ? BodyRead<T>.Fail(Problems.Validation("body", "A JSON object is required."))
                : new BodyRead<T>(value, null);
        }
        catch (JsonException e)
        {
            var (field, message) = Describe(e);
            return BodyRead<T>.Fail(Problems.Validation(field, message));
        }
    }

    /// <summary>The field a <see cref="JsonException"/> of <see cref="Options"/> is about, and what is wrong with it, in the API's words.</summary>
    public static (string Field, string Message) Describe(JsonException e)
    {
        var field = FieldOf(e.Path);
        if (DuplicateName().Match(e.Message) is { Success: true } duplicate)
        {
            // The path ends with the repeated name for a typed object; for a dictionary or a free-form value it ends before it.
            var name = duplicate.Groups[1].Value;
            if (!field.Equals(name, StringComparison.OrdinalIgnoreCase) && !field.EndsWith($".{name}", StringComparison.OrdinalIgnoreCase))
                field = field == "body" ? name : $"{field}.{name}";
            return (field, $"'{field}' is given twice; give each field once.");
        }
        if (e.Message.StartsWith("Duplicate properties", StringComparison.Ordinal)) return (field, $"'{field}' is given twice; give each field once.");
        return (field, e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"'{field}' is not a known field."
            : field == "body"
                ? "The body is not valid JSON."
                : $"'{field}' has the wrong type: see the API description for its expected shape.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Duplicate property '([^']*)'")]
    private static partial System.Text.RegularExpressions.Regex DuplicateName();

    /// <summary>"$.name" → "name"; "$.items[0].title" → "items[0].title"; the root → "body".</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            // A key given twice is a client's bug; the last one silently winning would hide it.
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

public sealed record BodyRead<T>(T? Value, IResult? Problem) where T : class
{
    public static BodyRead<T> Fail(IResult problem) => new(null, problem);
}
