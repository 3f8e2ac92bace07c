using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace InfoHub.Directory.Imports;

/// <summary>
/// <c>POST /api/directory/imports</c> (the secretariat): organizations and activities from JSON (an
/// <see cref="ImportDocument"/>) or CSV (<c>?kind=organizations|activities</c>, a header row naming the columns);
/// <c>?dryRun=true</c> reports what the import would do; <c>mode</c> and <c>duplicates</c> choose how rows meet the directory (see the endpoint's description). <c>GET /api/directory/exports?kind=…&amp;format=csv|json</c> (members) gives the
/// same formats back, so an export can be edited and imported again.
/// </summary>
public static class ImportEndpoints
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonBody.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public const long MaxImportBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportsAndExports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/directory/imports", Import).RequireAuthorization(Access.Secretariat).WithTags("Imports").RejectUnknownQueryParameters()
            .WithMetadata(new RequestSizeLimitMetadata(MaxImportBytes))
            .WithSummary("Import organizations and activities")
            .WithDescription("JSON in the API's shapes (`id` to keep or update, `organizationId` for activities), or CSV with `?kind=organizations|activities` " +
                             "and the export's columns (as `text/csv`, `application/vnd.ms-excel`, or a `file` field of `multipart/form-data`); up to 25,000 rows and 32 MB. " +
                             "A row with an `id` updates that entry, **only the columns (or JSON fields) it gives**: a missing column keeps its value, an empty cell clears it; " +
                             "`mode=replace` makes each row the whole profile instead. A row without an `id` whose name or acronym, with the headquarters country, matches an " +
                             "organization already there (or an earlier row) is reported under `duplicates`, naming that organization, and not created unless `duplicates=create`. " +
                             "A row that changes nothing is `unchanged` and keeps its version. Rejected rows store nothing; the others are stored in one atomic write, " +
                             "with one audit entry per organization created or changed. `dryRun=true` reports the same without storing.")
            .AcceptsJsonBody(DirectoryApiExamples.Import).AcceptsBody("text/csv", typeof(string), DirectoryApiExamples.OrganizationsCsv)
            .AcceptsBody("application/vnd.ms-excel", typeof(string), DirectoryApiExamples.OrganizationsCsv)
            .AcceptsBody("multipart/form-data", typeof(ImportUpload))
            .Produces<ImportReport>().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/directory/exports", Export).RequireAuthorization(Access.Members).WithTags("Imports").RejectUnknownQueryParameters()
            .WithSummary("Export the directory in the import formats")
            .WithDescription("`format=json` (the default; organizations and activities unless `kind` names one) or `format=csv` with `kind`. " +
                             "CSV is UTF-8 with a byte order mark, so that spreadsheet programs read its accents right; `bom=false` leaves the mark out.")
            .Produces<ImportDocument>(StatusCodes.Status200OK, "application/json").ProducesAlso(StatusCodes.Status200OK, "text/csv", typeof(string))
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>An import sent from a browser form: the CSV or JSON file in the field <c>file</c>.</summary>
    public sealed record ImportUpload(IFormFile File);

    private sealed class RequestSizeLimitMetadata(long size) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => size;
    }

    /// <summary>The rows of a JSON import, each read on its own so that a row's error rejects that row, and its fields known by name (merge).</summary>
    private sealed record JsonRows
    {
        public List<JsonElement?>? Organizations { get; init; }
        public List<JsonElement?>? Activities { get; init; }
    }

    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "application/vnd.ms-excel"];

    /// <param name="dryRun">true: report what the import would do, conflicts included, and store nothing.</param>
    /// <param name="mode">merge (default): an update changes only the columns or fields a row gives; replace: each row is the whole profile.</param>
    /// <param name="duplicates">report (default): a row without an id that matches an organization by name or acronym and country is reported, not created; create: create it anyway.</param>
    private static async Task<IResult> Import(HttpContext http, string? kind, string? dryRun, string? mode, string? duplicates, DirectoryImporter importer, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        if (dryRun is not (null or "true" or "false")) return Problems.Validation("dryRun", "'dryRun' must be true or false.");
        if (mode is not (null or "merge" or "replace")) return Problems.Validation("mode", "'mode' must be merge (a row changes only the columns it gives) or replace (a row is the whole profile).");
        if (duplicates is not (null or "report" or "create")) return Problems.Validation("duplicates", "'duplicates' must be report or create.");
        var options = new ImportOptions(dryRun == "true", mode == "replace", duplicates == "create");

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        Stream body = http.Request.Body;
        var isCsv = CsvTypes.Contains(mediaType);
        var isJson = mediaType is "application/json" || mediaType?.EndsWith("+json", StringComparison.Ordinal) == true;
        if (mediaType == "multipart/form-data")
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(); }
            catch (InvalidDataException) { return Problems.Validation("body", "The form data is malformed; send the file as a multipart/form-data field named 'file'."); }
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
            if (file is null) return Problems.Validation("file", "Send the CSV or JSON file in a form field named 'file'.");
            var fileType = file.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            isJson = fileType is "application/json" || file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            isCsv = !isJson;
            body = file.OpenReadStream();
        }
        else if (isCsv || isJson)
        {
            if (BodyText.CharsetProblem(http.Request) is { } charset) return charset;
        }
        else
        {
            return Problems.Field(StatusCodes.Status415UnsupportedMediaType, "body",
                "Send JSON (application/json), CSV (text/csv or application/vnd.ms-excel), or a form with the file in the field 'file' (multipart/form-data).");
        }

        List<ImportRow<OrganizationInput>> organizations = [];
        List<ImportRow<ActivityInput>> activities = [];
        if (isCsv)
        {
            if (kind is not ("organizations" or "activities")) return Problems.Validation("kind", "A CSV import needs ?kind=organizations or ?kind=activities.");
            var (bytes, problem) = await BodyText.ReadUtf8Async(body, ct);
            if (problem is not null) return problem;
            var (records, error) = Csv.Parse(Encoding.UTF8.GetString(bytes.Span));
            if (records is null) return Problems.Validation("body", error!);
            if (records.Count == 0) return Problems.Validation("body", "The CSV has no header row.");
            var header = records[0].Fields.Select(f => f.Trim()).ToList();
            var unknown = header.FirstOrDefault(h => !(kind == "organizations" ? OrganizationCsv.IsColumn(h) : ActivityCsv.Columns.Contains(h)));
            if (unknown is not null) return Problems.Validation("body", $"'{unknown}' is not a column of a {kind} import; see the export for the columns.");
            var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) return Problems.Validation("body", $"The column '{duplicate.Key}' appears twice.");
            foreach (var record in records.Skip(1))
            {
                var row = $"line {record.Line}";
                if (record.Fields.Count != header.Count)
                {
                    var shape = $"Row {record.Line} has {record.Fields.Count} cells, the header has {header.Count}" +
                                (record.Fields.Count > header.Count ? " (a cell holding a comma must be in quotes)." : ".");
                    if (kind == "organizations") organizations.Add(new(row, null, Problem: new("row", shape))); else activities.Add(new(row, null, Problem: new("row", shape)));
                    continue;
                }
                var cells = header.Zip(record.Fields).ToDictionary(p => p.First, p => string.IsNullOrWhiteSpace(p.Second) ? null : p.Second);
                if (kind == "organizations") organizations.Add(new(row, OrganizationCsv.Read(cells), current => OrganizationCsv.Merge(current, cells)));
                else activities.Add(new(row, ActivityCsv.Read(cells), current => ActivityCsv.Merge(current, cells)));
            }
        }
        else
        {
            var document = await JsonBody.ReadAsync<JsonRows>(body, ct);
            if (document.Problem is not null) return document.Problem;
            organizations = (document.Value!.Organizations ?? []).Select((o, i) => JsonRow<OrganizationInput>($"organizations[{i}]", o)).ToList();
            activities = (document.Value.Activities ?? []).Select((a, i) => JsonRow<ActivityInput>($"activities[{i}]", a)).ToList();
        }

        if (organizations.Count + activities.Count > DirectoryImporter.MaxRows)
            return Problems.Validation("body", $"An import holds at most {DirectoryImporter.MaxRows} rows; split the file.");
        if (organizations.Count + activities.Count == 0) return Problems.Validation("body", "The import holds no rows.");

        try
        {
            return TypedResults.Ok(await importer.ImportAsync(organizations, activities, options, http.User, ct));
        }
        catch (ImportConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                detail: $"Organizations of {(e.Rows.Count == 0 ? "this import" : string.Join(", ", e.Rows))} changed while the import ran; nothing was imported. Send it again (a dry run shows what it will do).",
                extensions: new Dictionary<string, object?> { ["field"] = "body", ["rows"] = e.Rows });
        }
    }

    /// <summary>
    /// A JSON row: read on its own (a wrong field rejects the row, naming it), and merged over an existing entry field by
    /// field: the fields the row has replace those of the entry (a null clears), the others stay.
    /// </summary>
    private static ImportRow<T> JsonRow<T>(string row, JsonElement? element) where T : class
    {
        if (element is not { ValueKind: JsonValueKind.Object } json) return new(row, null);
        T input;
        try
        {
            input = json.Deserialize<T>(JsonBody.Options)!;
        }
        catch (JsonException e)
        {
            var (field, message) = JsonBody.Describe(e);
            return new(row, null, Problem: new(field, message));
        }
        return new(row, input, current =>
        {
            var merged = JsonSerializer.SerializeToNode(current, JsonBody.Options)!.AsObject();
            foreach (var property in json.EnumerateObject())
            {
                foreach (var same in merged.Select(p => p.Key).Where(k => k.Equals(property.Name, StringComparison.OrdinalIgnoreCase)).ToList()) merged.Remove(same);
                merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
            return merged.Deserialize<T>(JsonBody.Options)!;
        });
    }

    private static IResult TooLarge() =>
        Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", $"An import is at most {MaxImportBytes / (1024 * 1024)} MB; split the file.");

    /// <summary>Every organization (and, for <c>kind=activities</c> or JSON without a kind, every activity), streamed as CSV or JSON.</summary>
    /// <param name="bom">CSV only: false leaves out the UTF-8 byte order mark that spreadsheet programs need to read the file as UTF-8.</param>
    private static async Task<IResult> Export(HttpContext http, string? kind, string? format, string? bom, OrganizationStore store, CancellationToken ct)
    {
        format ??= "json";
        if (bom is not (null or "true" or "false")) return Problems.Validation("bom", "'bom' must be true or false.");
        if (format is not ("json" or "csv")) return Problems.Validation("format", "'format' must be csv or json.");
        if (kind is not (null or "organizations" or "activities")) return Problems.Validation("kind", "'kind' must be organizations or activities.");
        if (format == "csv" && kind is null) return Problems.Validation("kind", "A CSV export needs ?kind=organizations or ?kind=activities.");

        var organizations = store.ScanAllAsync(ct).Where(o => !o.Removed).Select(o => o.Organization);
        if (format == "json")
        {
            var document = new ImportDocument { Organizations = kind is null or "organizations" ? [] : null, Activities = kind is null or "activities" ? [] : null };
            await foreach (var o in organizations)
            {
                document.Organizations?.Add(OrganizationCsv.ToInput(o));
                document.Activities?.AddRange(o.AllActivities.Select(a => ActivityCsv.ToInput(o.Id, a)));
            }
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"directory-{kind ?? "export"}.json\"";
            return TypedResults.Json(document, ExportJson);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"directory-{kind}.csv\"";
        // Excel reads a CSV without a byte order mark in the machine's legacy code page, and mangles every accent.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom != "false"));
        if (kind == "organizations")
        {
            var languages = new SortedSet<string>(StringComparer.Ordinal);
            var all = new List<Organization>();
            await foreach (var o in organizations) { all.Add(o); languages.UnionWith(o.Translations.Keys); }
            await writer.WriteAsync(Csv.Line(OrganizationCsv.Header(languages)));
            foreach (var o in all) await writer.WriteAsync(Csv.Line(OrganizationCsv.Row(o, languages)));
        }
        else
        {
            await writer.WriteAsync(Csv.Line(ActivityCsv.Columns));
            await foreach (var o in organizations)
            {
                foreach (var a in o.AllActivities)
                {
                    await writer.WriteAsync(Csv.Line(ActivityCsv.Row(ActivityCsv.ToInput(o.Id, a))));
                }
            }
        }
        return TypedResults.Empty;
    }
}
