using System.Text;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace InfoHub.Directory.Imports;

/// <summary>
/// <c>POST /api/directory/imports</c> (the secretariat): organizations and activities from JSON (an
/// <see cref="ImportDocument"/>) or CSV (<c>?kind=organizations|activities</c>, a header row naming the columns);
/// <c>?dryRun=true</c> only validates. <c>GET /api/directory/exports?kind=…&amp;format=csv|json</c> (members) gives the
/// same formats back, so an export can be edited and imported again.
/// </summary>
public static class ImportEndpoints
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonBody.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public const long MaxImportBytes = 32 * 1024 * 1024;

    private static readonly string[] ActivityColumns =
        ["id", "organizationId", "title", "description", "themes", "countries", "situations", "startsOn", "endsOn", "link"];

    public static IEndpointRouteBuilder MapImportsAndExports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/directory/imports", Import).RequireAuthorization(Access.Secretariat).WithTags("Imports")
            .WithMetadata(new RequestSizeLimitMetadata(MaxImportBytes))
            .WithSummary("Import organizations and activities")
            .WithDescription("JSON in the API's shapes (`id` to keep or update, `organizationId` for activities), or CSV with `?kind=organizations|activities` " +
                             "and the export's columns; up to 25,000 rows and 32 MB. Rejected rows store nothing; the accepted ones are stored in one atomic write. " +
                             "`?dryRun=true` only validates.")
            .AcceptsJsonBody(DirectoryApiExamples.Import).AcceptsBody("text/csv", typeof(string), DirectoryApiExamples.OrganizationsCsv)
            .Produces<ImportReport>().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/directory/exports", Export).RequireAuthorization(Access.Members).WithTags("Imports")
            .WithSummary("Export the directory in the import formats")
            .WithDescription("`format=json` (the default; organizations and activities unless `kind` names one) or `format=csv` with `kind`.")
            .Produces<ImportDocument>(StatusCodes.Status200OK, "application/json").ProducesAlso(StatusCodes.Status200OK, "text/csv", typeof(string))
            .ProducesValidationProblem();
        return app;
    }

    private sealed class RequestSizeLimitMetadata(long size) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => size;
    }

    private static async Task<IResult> Import(HttpContext http, string? kind, string? dryRun, DirectoryImporter importer,
        [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        if (dryRun is not (null or "true" or "false")) return Problems.Validation("dryRun", "'dryRun' must be true or false.");
        var dry = dryRun == "true";

        List<ImportRow<OrganizationInput>> organizations = [];
        List<ImportRow<ActivityInput>> activities = [];
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "text/csv")
        {
            if (kind is not ("organizations" or "activities")) return Problems.Validation("kind", "A CSV import needs ?kind=organizations or ?kind=activities.");
            string text;
            try
            {
                using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
                text = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException) { return Problems.Validation("body", "The CSV must be UTF-8 text."); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(); }
            var (records, error) = Csv.Parse(text);
            if (records is null) return Problems.Validation("body", error!);
            if (records.Count == 0) return Problems.Validation("body", "The CSV has no header row.");
            var header = records[0].Fields.Select(f => f.Trim()).ToList();
            var unknown = header.FirstOrDefault(h => !(kind == "organizations" ? OrganizationCsv.IsColumn(h) : ActivityColumns.Contains(h)));
            if (unknown is not null) return Problems.Validation("body", $"'{unknown}' is not a column of a {kind} import; see the export for the columns.");
            var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) return Problems.Validation("body", $"The column '{duplicate.Key}' appears twice.");
            foreach (var record in records.Skip(1))
            {
                var row = $"line {record.Line}";
                if (record.Fields.Count != header.Count)
                {
                    if (kind == "organizations") organizations.Add(new(row, null)); else activities.Add(new(row, null));
                    continue;
                }
                var cells = header.Zip(record.Fields).ToDictionary(p => p.First, p => string.IsNullOrWhiteSpace(p.Second) ? null : p.Second);
                if (kind == "organizations") organizations.Add(new(row, OrganizationCsv.Read(cells)));
                else activities.Add(new(row, ActivityFrom(cells)));
            }
        }
        else if (mediaType is "application/json" || mediaType?.EndsWith("+json", StringComparison.Ordinal) == true)
        {
            var body = await JsonBody.ReadAsync<ImportDocument>(http.Request, ct);
            if (body.Problem is not null) return body.Problem;
            organizations = (body.Value!.Organizations ?? []).Select((o, i) => new ImportRow<OrganizationInput>($"organizations[{i}]", o)).ToList();
            activities = (body.Value.Activities ?? []).Select((a, i) => new ImportRow<ActivityInput>($"activities[{i}]", a)).ToList();
        }
        else
        {
            return Problems.Field(StatusCodes.Status415UnsupportedMediaType, "body", "Send JSON (application/json) or CSV (text/csv).");
        }

        if (organizations.Count + activities.Count > DirectoryImporter.MaxRows)
            return Problems.Validation("body", $"An import holds at most {DirectoryImporter.MaxRows} rows; split the file.");
        if (organizations.Count + activities.Count == 0) return Problems.Validation("body", "The import holds no rows.");

        ImportReport report;
        try
        {
            report = await importer.ImportAsync(organizations, activities, dry, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Field(StatusCodes.Status409Conflict, "body", "Organizations in this import changed while it ran, or an id in it belonged to a removed organization; nothing was imported. Send it again, without ids of removed organizations.");
        }
        if (!dry)
            await audit.RecordAsync(http.User, "directory.imported", "import", $"{report.AcceptedCount} rows accepted, {report.RejectedCount} rejected", ct);
        return TypedResults.Ok(report);
    }

    private static IResult TooLarge() =>
        Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", $"An import is at most {MaxImportBytes / (1024 * 1024)} MB; split the file.");

    private static ActivityInput ActivityFrom(Dictionary<string, string?> c) => new()
    {
        Id = c.GetValueOrDefault("id"), OrganizationId = c.GetValueOrDefault("organizationId"), Title = c.GetValueOrDefault("title"),
        Description = c.GetValueOrDefault("description"), Themes = Csv.List(c.GetValueOrDefault("themes")), Countries = Csv.List(c.GetValueOrDefault("countries")),
        Situations = Csv.List(c.GetValueOrDefault("situations")), StartsOn = c.GetValueOrDefault("startsOn"), EndsOn = c.GetValueOrDefault("endsOn"),
        Link = c.GetValueOrDefault("link"),
    };

    /// <summary>Every organization (and, for <c>kind=activities</c> or JSON without a kind, every activity), streamed as CSV or JSON.</summary>
    private static async Task<IResult> Export(HttpContext http, string? kind, string? format,
        [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store, CancellationToken ct)
    {
        format ??= "json";
        if (format is not ("json" or "csv")) return Problems.Validation("format", "'format' must be csv or json.");
        if (kind is not (null or "organizations" or "activities")) return Problems.Validation("kind", "'kind' must be organizations or activities.");
        if (format == "csv" && kind is null) return Problems.Validation("kind", "A CSV export needs ?kind=organizations or ?kind=activities.");

        var organizations = AllAsync(store, ct);
        if (format == "json")
        {
            var document = new ImportDocument { Organizations = kind is null or "organizations" ? [] : null, Activities = kind is null or "activities" ? [] : null };
            await foreach (var o in organizations)
            {
                document.Organizations?.Add(OrganizationCsv.ToInput(o));
                document.Activities?.AddRange(o.AllActivities.Select(a => ToInput(o.Id, a)));
            }
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"directory-{kind ?? "export"}.json\"";
            return TypedResults.Json(document, ExportJson);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"directory-{kind}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
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
            await writer.WriteAsync(Csv.Line(ActivityColumns));
            await foreach (var o in organizations)
            {
                foreach (var a in o.AllActivities)
                {
                    var input = ToInput(o.Id, a);
                    await writer.WriteAsync(Csv.Line([input.Id, input.OrganizationId, input.Title, input.Description, Csv.Join(input.Themes!.OfType<string>()),
                        Csv.Join(input.Countries!.OfType<string>()), Csv.Join(input.Situations!.OfType<string>()), input.StartsOn, input.EndsOn, input.Link]));
                }
            }
        }
        return TypedResults.Empty;
    }

    private static async IAsyncEnumerable<Organization> AllAsync(IDocumentStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(OrganizationStore.Collection, after, 1000, ct);
            foreach (var document in page.Where(d => !d.Deleted)) yield return OrganizationStore.Read(document.Json);
            if (page.Count < 1000) yield break;
            after = page[^1].Id;
        }
    }

    private static ActivityInput ToInput(Guid organization, Activity a) => new()
    {
        Id = a.Id.ToString(), OrganizationId = organization.ToString(), Title = a.Title, Description = a.Description,
        Themes = [.. a.Themes], Countries = [.. a.Countries], Situations = [.. a.Situations],
        StartsOn = a.StartsOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        EndsOn = a.EndsOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Link = a.Link,
    };
}
