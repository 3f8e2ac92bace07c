using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// One of the hub's public HTTP APIs as the portal calls it (through the gateway in distributed mode, on this process's
/// own loopback address in the embedded host; never a store), as the signed-in person: every answer becomes an
/// <see cref="ApiResult{T}"/>, a refusal with the API's own problem or 503 when the service did not answer.
/// </summary>
public abstract partial class HubApi(HttpClient http, ILogger logger)
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Marks a read for a page's side section (the home page's news, a situation's Council meetings), which the page
    /// shows without rather than wait: it is not retried, so a service that is down costs the page no waiting.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Aside = new("InfoHub.Aside");

    protected Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct, bool aside = false) where T : class
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (aside) request.Options.Set(Aside, true);
        return SendAsync<T>(request, ct);
    }

    /// <param name="ifMatch">The version the change was made on (<c>If-Match</c>): the API refuses it (412) when another change came first.</param>
    protected Task<ApiResult<T>> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, long? ifMatch = null) where T : class
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (ifMatch is { } version) request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\""));
        return SendAsync<T>(request, ct);
    }

    /// <summary>Sends <paramref name="request"/> (and disposes it); a success without a body (204) is <see cref="NoContent"/>, a <c>string</c> is read as text.</summary>
    protected async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken ct) where T : class
    {
        var path = request.RequestUri!.OriginalString;
        try
        {
            using var sent = request;
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent && NoContent.Value is T none) return ApiResult<T>.Of(none);
                if (typeof(T) == typeof(string)) return ApiResult<T>.Of((T)(object)await response.Content.ReadAsStringAsync(ct));
                return ApiResult<T>.Of((await response.Content.ReadFromJsonAsync<T>(Json, ct))!);
            }
            var problem = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
                ? await response.Content.ReadFromJsonAsync<Problem>(Json, ct)
                : null;
            return ApiResult<T>.Refused(response.StatusCode, problem?.Detail ?? problem?.Title, problem?.Errors);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false } or
                                       Polly.ExecutionRejectedException or JsonException)
        {
            LogUnanswered(logger, path, e.Message);
            return ApiResult<T>.Refused(HttpStatusCode.ServiceUnavailable, null, null);
        }
    }

    /// <summary>A read that answers the same whoever asks, kept in the portal's memory for <paramref name="kept"/> once it succeeded.</summary>
    protected static async Task<ApiResult<T>> KeptAsync<T>(IMemoryCache cache, string key, TimeSpan kept, Func<Task<ApiResult<T>>> read) where T : class
    {
        if (cache.TryGetValue(key, out T? value)) return ApiResult<T>.Of(value!);
        var result = await read();
        if (result.Succeeded) cache.Set(key, result.Value!, kept);
        return result;
    }

    protected static string QueryString(IEnumerable<KeyValuePair<string, string>> query)
    {
        var pairs = query.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API did not answer {Path}: {Reason}")]
    private static partial void LogUnanswered(ILogger logger, string path, string reason);
}

/// <summary>The answer of a change that has no body (204).</summary>
public sealed record NoContent
{
    public static readonly NoContent Value = new();
}
