namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The directory's import, apart from its reads: an import of 25,000 rows may take the directory far longer than a
/// page's reads are given (10 s a try), so its client waits minutes (<see cref="Timeout"/>), and is never retried.
/// </summary>
public sealed class DirectoryImports(HttpClient http, ILogger<DirectoryImports> logger) : HubApi(http, logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Imports a CSV or JSON file as the signed-in person (the secretariat), as the API's form upload: the report of
    /// every row (accepted, rejected with its field errors, duplicates), or the API's refusal of the whole file.
    /// </summary>
    public Task<ApiResult<ImportReport>> ImportAsync(Stream file, string fileName, string? contentType, ImportChoices choices, CancellationToken ct)
    {
        var content = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        content.Add(part, "file", fileName);
        var query = QueryString([
            KeyValuePair.Create("kind", choices.Kind ?? ""), KeyValuePair.Create("dryRun", choices.DryRun ? "true" : "false"),
            KeyValuePair.Create("mode", choices.Replace ? "replace" : "merge"), KeyValuePair.Create("duplicates", choices.CreateDuplicates ? "create" : "report"),
        ]);
        return SendAsync<ImportReport>(new HttpRequestMessage(HttpMethod.Post, "api/directory/imports" + query) { Content = content }, ct);
    }
}
