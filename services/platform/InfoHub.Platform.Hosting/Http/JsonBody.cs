using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace InfoHub.Platform.Http;

/// <summary>
/// Reads a request body strictly: JSON only, known fields only, each of the declared type. Every failure is a
/// 4xx problem naming the field, so a value such as <c>{"$gt": ""}</c> where a string belongs never reaches a store.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return BodyRead<T>.Fail(Problems.Field(StatusCodes.Status415UnsupportedMediaType, "body",
                "The body must be JSON, sent with Content-Type: application/json."));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value is null
                ? BodyRead<T>.Fail(Problems.Validation("body", "A JSON object is required."))
                : new BodyRead<T>(value, null);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{field}' is not a known field."
                : field == "body"
                    ? "The body is not valid JSON."
                    : $"'{field}' has the wrong type: see the API description for its expected shape.";
            return BodyRead<T>.Fail(Problems.Validation(field, message));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyRead<T>.Fail(Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", "The body is larger than this endpoint accepts."));
        }
    }

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
