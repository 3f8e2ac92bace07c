using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

/// <summary>Imports a secretariat can trust: run twice, partly, dry, from a browser, and each row accounted for.</summary>
public sealed class ImportTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    private const string Imports = "/api/directory/imports";

    private static string RealWorldList => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Directory", "Fixtures", "r2p-civil-society.csv"));

    private async Task<JsonElement> ImportAsync(HttpContent content, string query = "")
    {
        using var response = await Secretariat.PostAsync($"{Imports}{query}", content, Ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {report}");
        return report;
    }

    private Task<JsonElement> ImportCsvAsync(string csv, string query = "?kind=organizations") => ImportAsync(Json(csv, "text/csv"), query);

    private static IEnumerable<JsonElement> Rows(JsonElement report, string list) => report.GetProperty(list).EnumerateArray();

    private async Task<Guid> IdOfAsync(string name) =>
        (await Secretariat.GetJsonAsync($"{Organizations}?q={Uri.EscapeDataString(name)}&limit=100")).GetProperty("items").EnumerateArray()
        .Single(i => i.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();

    [Fact]
    public async Task Importing_a_real_world_list_twice_creates_nothing_the_second_time_and_names_each_organization_it_matched()
    {
        var list = RealWorldList;
        var first = await ImportCsvAsync(list);
        Assert.Equal(66, first.GetProperty("createdCount").GetInt32());
        Assert.Equal(0, first.GetProperty("rejectedCount").GetInt32());
        var total = (await Secretariat.GetJsonAsync($"{Organizations}?limit=1")).GetProperty("total").GetInt32();

        var second = await ImportCsvAsync(list);

        Assert.Equal(0, second.GetProperty("createdCount").GetInt32());
        Assert.Equal(0, second.GetProperty("acceptedCount").GetInt32());
        Assert.Equal(66, second.GetProperty("duplicateCount").GetInt32());
        Assert.Equal(total, (await Secretariat.GetJsonAsync($"{Organizations}?limit=1")).GetProperty("total").GetInt32());
        var created = Rows(first, "accepted").ToDictionary(r => r.GetProperty("row").GetString()!, r => r.GetProperty("id").GetGuid());
        Assert.All(Rows(second, "duplicates"), d => Assert.Equal(created[d.GetProperty("row").GetString()!], d.GetProperty("existingId").GetGuid()));
        var hrw = Rows(second, "duplicates").Single(d => d.GetProperty("row").GetString() == "line 2");
        Assert.Equal("Human Rights Watch", hrw.GetProperty("existingName").GetString());
    }

    [Fact]
    public async Task A_row_without_an_id_matches_by_name_or_acronym_in_the_same_country_folded_as_search_folds_it()
    {
        await ImportCsvAsync("name,acronym,country\nComisión Andina de Pruebas,CAP,PE\n");

        var report = await ImportCsvAsync("name,acronym,country\n" +
                                          "COMISION ANDINA  de pruebas,,PE\n" +   // same name, other case and accents
                                          "Andean Test Commission,cap,PE\n" +     // same acronym
                                          "Comisión Andina de Pruebas,,BO\n" +    // same name, another country
                                          "Andean Twin Network,ATN,PE\n" +
                                          "Andean Twin Network,,PE\n");           // a duplicate of the row before

        Assert.Equal(["line 2", "line 3", "line 6"], Rows(report, "duplicates").Select(d => d.GetProperty("row").GetString()!).ToArray());
        Assert.Equal(["name", "acronym", "name"], Rows(report, "duplicates").Select(d => d.GetProperty("matchedOn").GetString()!).ToArray());
        Assert.Equal("line 5", Rows(report, "duplicates").Last().GetProperty("existingRow").GetString());
        Assert.Equal(["line 4", "line 5"], Rows(report, "accepted").Select(a => a.GetProperty("row").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_probable_duplicate_is_created_only_when_the_import_says_duplicates_create()
    {
        await ImportCsvAsync("name,country\nTwice Wanted Institute,SN\n");

        var report = await ImportCsvAsync("name,country\nTwice Wanted Institute,SN\n", "?kind=organizations&duplicates=create");

        Assert.Equal(1, report.GetProperty("createdCount").GetInt32());
        Assert.Equal(2, (await Secretariat.GetJsonAsync($"{Organizations}?q=twice+wanted")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_CSV_with_only_some_columns_changes_only_those_columns_and_an_empty_cell_clears_one()
    {
        var id = await Secretariat.RegisterAsync(new
        {
            name = "Partial Columns Trust", acronym = "PCT", country = "KE", description = "Works on early warning.", themes = new[] { "prevention" },
            website = "https://pct.example.org/",
        });

        var report = await ImportCsvAsync($"id,name,country,website\n{id},Partial Columns Trust (Kenya),KE,\n");

        Assert.Equal("updated", Rows(report, "accepted").Single().GetProperty("action").GetString());
        var profile = await Secretariat.GetJsonAsync($"{Organizations}/{id}");
        Assert.Equal("Partial Columns Trust (Kenya)", profile.GetProperty("name").GetString());
        Assert.Equal("PCT", profile.GetProperty("acronym").GetString());
        Assert.Equal("Works on early warning.", profile.GetProperty("description").GetString());
        Assert.Equal(["prevention"], profile.GetProperty("themes").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.False(profile.TryGetProperty("website", out var website) && website.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task An_activity_CSV_with_only_some_columns_changes_only_those_and_an_identical_row_is_unchanged()
    {
        await Secretariat.DefineSituationAsync("import-merge-crisis", "Import Merge Crisis", "ML");
        var id = await Secretariat.RegisterAsync(new { name = "Activity Merge Watch", country = "ML" });
        var activity = (await Secretariat.PostCreatedAsync($"{Organizations}/{id}/activities", new
        {
            title = "Monitoring in Mopti", description = "Weekly reports.", situations = new[] { "import-merge-crisis" }, startsOn = "2026-01-05",
        })).GetProperty("id").GetGuid();

        var report = await ImportCsvAsync($"id,organizationId,title\n{activity},{id},Monitoring in Mopti and Ségou\n", "?kind=activities");
        var again = await ImportCsvAsync($"id,organizationId,title\n{activity},{id},Monitoring in Mopti and Ségou\n", "?kind=activities");

        Assert.Equal("updated", Rows(report, "accepted").Single().GetProperty("action").GetString());
        Assert.Equal("unchanged", Rows(again, "accepted").Single().GetProperty("action").GetString());
        var stored = (await Secretariat.GetJsonAsync($"{Organizations}/{id}")).GetProperty("activities").EnumerateArray().Single();
        Assert.Equal("Monitoring in Mopti and Ségou", stored.GetProperty("title").GetString());
        Assert.Equal("Weekly reports.", stored.GetProperty("description").GetString());
        Assert.Equal("import-merge-crisis", stored.GetProperty("situations")[0].GetString());
        Assert.Equal("2026-01-05", stored.GetProperty("startsOn").GetString());
    }

    [Fact]
    public async Task Replacing_the_whole_profile_is_the_explicit_mode_replace()
    {
        var id = await Secretariat.RegisterAsync(new { name = "Replaced Profile Forum", acronym = "RPF", country = "KE", description = "Old text." });

        await ImportCsvAsync($"id,name,country\n{id},Replaced Profile Forum,KE\n", "?kind=organizations&mode=replace");

        var profile = await Secretariat.GetJsonAsync($"{Organizations}/{id}");
        Assert.False(profile.TryGetProperty("acronym", out var acronym) && acronym.ValueKind == JsonValueKind.String);
        Assert.False(profile.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_JSON_row_changes_only_the_fields_it_has()
    {
        var id = await Secretariat.RegisterAsync(new { name = "Json Merge Alliance", acronym = "JMA", country = "GH", themes = new[] { "prevention" } });

        await ImportAsync(Json(JsonSerializer.Serialize(new { organizations = new object[] { new { id = id.ToString(), description = "Now described." } } })));

        var profile = await Secretariat.GetJsonAsync($"{Organizations}/{id}");
        Assert.Equal("JMA", profile.GetProperty("acronym").GetString());
        Assert.Equal("Now described.", profile.GetProperty("description").GetString());
        Assert.Equal(1, profile.GetProperty("themes").GetArrayLength());
    }

    [Fact]
    public async Task An_unchanged_row_is_reported_unchanged_and_keeps_its_version_with_no_audit_entry()
    {
        var id = await Secretariat.RegisterAsync(new { name = "Steady State Society", acronym = "SSS", country = "UG", themes = new[] { "prevention" } });
        var audited = (await Secretariat.GetJsonAsync($"/api/directory/audit?q={id}")).GetProperty("items").GetArrayLength();

        var report = await ImportCsvAsync($"id,name,acronym,country,themes\n{id},Steady State Society,SSS,UG,prevention\n");

        Assert.Equal("unchanged", Rows(report, "accepted").Single().GetProperty("action").GetString());
        Assert.Equal(1, report.GetProperty("unchangedCount").GetInt32());
        Assert.Equal(1, (await Secretariat.GetJsonAsync($"{Organizations}/{id}")).GetProperty("version").GetInt64());
        Assert.Equal(audited, (await Secretariat.GetJsonAsync($"/api/directory/audit?q={id}")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_dry_run_reports_what_the_import_then_does_conflicts_named_by_row()
    {
        var kept = await Secretariat.RegisterAsync(new { name = "Dry Kept Council", country = "TZ" });
        var removed = await Secretariat.RegisterAsync(new { name = "Dry Removed Council", country = "TZ" });
        using (var deleted = await Secretariat.DeleteAsync($"{Organizations}/{removed}", Ct)) Assert.True(deleted.IsSuccessStatusCode);
        var csv = "id,name,country\n" +
                  $"{kept},Dry Kept Council,TZ\n" +
                  $"{removed},Dry Removed Council,TZ\n" +
                  ",Dry New Council,TZ\n" +
                  ",Dry Kept Council,TZ\n" +
                  ",Dry Broken Council,ZZ\n";

        var dry = await ImportCsvAsync(csv, "?kind=organizations&dryRun=true");
        var real = await ImportCsvAsync(csv);

        static string Outcome(JsonElement report) => string.Join("; ",
            Rows(report, "accepted").Select(a => $"{a.GetProperty("row")} {a.GetProperty("action")}")
                .Concat(Rows(report, "rejected").Select(r => $"{r.GetProperty("row")} rejected {string.Join(",", r.GetProperty("errors").EnumerateObject().Select(e => e.Name))}"))
                .Concat(Rows(report, "duplicates").Select(d => $"{d.GetProperty("row")} duplicate of {d.GetProperty("existingId")}")));
        Assert.Equal(Outcome(real), Outcome(dry));
        Assert.Equal($"line 2 unchanged; line 4 created; line 3 rejected id; line 6 rejected country; line 5 duplicate of {kept}", Outcome(real));
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
    }

    [Theory]
    [InlineData("name,acronym,country\nShort Row Org,SRO\n", "Row 2 has 2 cells, the header has 3.")]
    [InlineData("name,acronym,country\nLong, Row Org,LRO,KE\n", "Row 2 has 4 cells, the header has 3 (a cell holding a comma must be in quotes).")]
    public async Task A_row_of_the_wrong_shape_is_rejected_in_words_a_spreadsheet_user_understands(string csv, string message)
    {
        var report = await ImportCsvAsync(csv);

        var rejected = Rows(report, "rejected").Single();
        Assert.Equal("line 2", rejected.GetProperty("row").GetString());
        Assert.Equal(message, rejected.GetProperty("errors").GetProperty("row")[0].GetString());
    }

    [Fact]
    public async Task A_quoted_cell_followed_by_text_is_an_error_not_repaired()
    {
        using var response = await Secretariat.PostAsync($"{Imports}?kind=organizations", Json("name,country\n\"abc\"def,KE\n", "text/csv"), Ct);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Line 2: a quoted cell is followed by more text (\"abc\"d…)", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_browser_can_send_the_CSV_as_a_form_file_or_as_application_vnd_ms_excel()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("name,country\nForm Upload Institute,ZM\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "organizations.csv");
        var excel = new ByteArrayContent(Encoding.UTF8.GetBytes("name,country\nExcel Upload Institute,ZM\n"));
        excel.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-excel");

        Assert.Equal(1, (await ImportAsync(form, "?kind=organizations")).GetProperty("createdCount").GetInt32());
        Assert.Equal(1, (await ImportAsync(excel, "?kind=organizations")).GetProperty("createdCount").GetInt32());
        var found = (await Secretariat.GetJsonAsync($"{Organizations}?q=upload+institute")).GetProperty("items").EnumerateArray().Take(2);
        Assert.Equal(["Excel Upload Institute", "Form Upload Institute"], found.Select(o => o.GetProperty("name").GetString()).Order().ToList());
    }

    [Fact]
    public async Task A_CSV_that_is_not_UTF_8_is_refused_as_an_encoding_problem()
    {
        var latin1 = new ByteArrayContent([.. "name,country\nR"u8, 0xE9, .. "seau Latin,FR\n"u8]);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var bytes = await Secretariat.PostAsync($"{Imports}?kind=organizations", latin1, Ct);
        var problem = await bytes.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bytes.StatusCode);
        Assert.Contains("\"field\":\"body\"", problem);
        Assert.Contains("an encoding problem", problem);

        using var declared = await Secretariat.PostAsync($"{Imports}?kind=organizations", new StringContent("name,country\nX,FR\n", Encoding.Latin1, "text/csv"), Ct);
        await AssertProblemNamingAsync(declared, HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    [Fact]
    public async Task The_CSV_export_starts_with_a_UTF_8_byte_order_mark_unless_bom_is_false()
    {
        await ImportCsvAsync("name,country\nÉxport Accentué,FR\n");

        var withMark = await Secretariat.GetByteArrayAsync("/api/directory/exports?kind=organizations&format=csv", Ct);
        var without = await Secretariat.GetByteArrayAsync("/api/directory/exports?kind=organizations&format=csv&bom=false", Ct);

        Assert.Equal([0xEF, 0xBB, 0xBF], withMark[..3]);
        Assert.Equal((byte)'i', without[0]);
        Assert.Contains("Éxport Accentué", Encoding.UTF8.GetString(withMark));
    }

    [Fact]
    public async Task Each_organization_an_import_creates_or_changes_gets_its_own_audit_entry()
    {
        var changed = await Secretariat.RegisterAsync(new { name = "Audited Change League", country = "MW" });

        await ImportCsvAsync($"id,name,country\n{changed},Audited Change League (Malawi),MW\n,Audited New League,MW\n");

        var created = await IdOfAsync("Audited New League");
        var entries = (await Secretariat.GetJsonAsync($"/api/directory/audit?q={created}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("organization.registered", Assert.Single(entries).GetProperty("action").GetString());
        Assert.Contains("line 3", entries[0].GetProperty("detail").GetString());
        var updates = (await Secretariat.GetJsonAsync($"/api/directory/audit?q={changed}")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["organization.updated", "organization.registered"], updates);
        Assert.DoesNotContain((await Secretariat.GetJsonAsync("/api/directory/audit?q=imported")).GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "directory.imported");
    }

    [Fact]
    public async Task The_import_and_export_options_and_the_browser_formats_are_in_the_OpenAPI_document()
    {
        var paths = (await Secretariat.GetJsonAsync("/openapi/directory.json")).GetProperty("paths");
        var import = paths.GetProperty(Imports).GetProperty("post");
        var export = paths.GetProperty("/api/directory/exports").GetProperty("get");

        static string[] Parameters(JsonElement operation) => operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Subset(Parameters(import).ToHashSet(), new HashSet<string> { "kind", "dryRun", "mode", "duplicates" });
        Assert.Contains("bom", Parameters(export));
        var media = import.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(m => m.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "application/json", "text/csv", "application/vnd.ms-excel", "multipart/form-data" }, media);
    }
}
