using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Platform.Storage;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

/// <summary>Data in and out of the directory, removals, and snapshots for consumers that need to catch up.</summary>
public sealed class ImportRemovalSnapshotTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    private async Task<JsonElement> ImportAsync(string body, string contentType, string query = "")
    {
        using var response = await Secretariat.PostAsync($"/api/directory/imports{query}", Json(body, contentType), Ct);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {report}");
        return report;
    }

    [Fact]
    public async Task A_JSON_import_reports_every_row_and_a_rejected_row_stores_nothing()
    {
        var keptId = Guid.NewGuid();
        var report = await ImportAsync(JsonSerializer.Serialize(new
        {
            organizations = new object[]
            {
                new { id = keptId.ToString(), name = "Imported Alpha Rights", country = "GH", themes = new[] { "prevention" } },
                new { name = "Imported Broken Row", country = "GH", themes = new[] { "astrology" } },
                new { name = "Imported Gamma Relief", country = "NG" },
            },
            activities = new object[]
            {
                new { organizationId = keptId.ToString(), title = "Imported election monitoring" },
                new { organizationId = Guid.NewGuid().ToString(), title = "Orphan activity" },
            },
        }), "application/json");

        Assert.Equal(3, report.GetProperty("acceptedCount").GetInt32());
        Assert.Equal(2, report.GetProperty("rejectedCount").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal("organizations[1]", rejected[0].GetProperty("row").GetString());
        Assert.True(rejected[0].GetProperty("errors").TryGetProperty("themes[0]", out _));
        Assert.Equal("activities[1]", rejected[1].GetProperty("row").GetString());
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("organizationId", out _));

        Assert.Empty(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=broken")));
        Assert.Empty(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=orphan")));
        Assert.Equal(["Imported Alpha Rights"], Names(await Secretariat.GetJsonAsync($"{Organizations}?q=election")));
        Assert.Equal(1, (await Secretariat.GetJsonAsync($"{Organizations}/{keptId}")).GetProperty("activityCount").GetInt32());
        Assert.Single(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=imported+gamma")));
    }

    [Fact]
    public async Task A_dry_run_validates_without_storing()
    {
        var report = await ImportAsync("name,country\nDry Run Institute,CA\n", "text/csv", "?kind=organizations&dryRun=true");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, report.GetProperty("acceptedCount").GetInt32());
        Assert.Empty(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=dry+run+institute")));
    }

    [Fact]
    public async Task A_CSV_export_imports_back_as_updates_not_duplicates_and_never_hands_a_spreadsheet_a_formula()
    {
        var csv = "name,acronym,country,themes,sectors,membership,campaigns,name.fr\r\n" +
                  "Csv Roundtrip Network,CRN,KE,early-warning;prevention,human-rights,member,\"Week one; week two\",Réseau aller-retour\r\n" +
                  "\"Csv, Quoted \"\"Name\"\"\",,UG,,,,,\r\n" +
                  "Csv Bad Row,,ZZ,,,,,\r\n" +
                  "\"=HYPERLINK(\"\"http://127.0.0.1/\"\",\"\"Csv formula\"\")\",,TZ,,,,,\r\n";
        var report = await ImportAsync(csv, "text/csv", "?kind=organizations");
        Assert.Equal(3, report.GetProperty("acceptedCount").GetInt32());
        Assert.Equal("line 4", report.GetProperty("rejected")[0].GetProperty("row").GetString());
        var found = await Secretariat.GetJsonAsync($"{Organizations}?q=csv&limit=100");
        Assert.Equal(["=HYPERLINK(\"http://127.0.0.1/\",\"Csv formula\")", "Csv Roundtrip Network", "Csv, Quoted \"Name\""], Names(found).Order().ToArray());
        var id = found.GetProperty("items").EnumerateArray().First(i => i.GetProperty("name").GetString() == "Csv Roundtrip Network").GetProperty("id").GetGuid();
        var profile = await Secretariat.GetJsonAsync($"{Organizations}/{id}");
        Assert.Equal("Réseau aller-retour", profile.GetProperty("translations").GetProperty("fr").GetProperty("name").GetString());
        Assert.Equal(["Week one", "week two"], profile.GetProperty("membership").GetProperty("campaigns").EnumerateArray().Select(e => e.GetString()!).ToArray());

        using var exported = await Secretariat.GetAsync("/api/directory/exports?kind=organizations&format=csv", Ct);
        Assert.Equal("text/csv", exported.Content.Headers.ContentType?.MediaType);
        var export = await exported.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"'=HYPERLINK(", export, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", export, StringComparison.Ordinal);
        var reimport = await ImportAsync(export, "text/csv", "?kind=organizations");

        Assert.Equal(0, reimport.GetProperty("rejectedCount").GetInt32());
        Assert.All(reimport.GetProperty("accepted").EnumerateArray(), row => Assert.Equal("unchanged", row.GetProperty("action").GetString()));
        var again = await Secretariat.GetJsonAsync($"{Organizations}?q=csv&limit=100");
        Assert.Equal(Names(found).Order().ToArray(), Names(again).Order().ToArray());
        Assert.Equal(1, (await Secretariat.GetJsonAsync($"{Organizations}/{id}")).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("name,planet\nX Org,Mars\n", "text/csv", "?kind=organizations", "body")]
    [InlineData("name,country\nX Org,CA\n", "text/csv", "", "kind")]
    [InlineData("name,country\n\"unclosed,CA\n", "text/csv", "?kind=organizations", "body")]
    [InlineData("""{"organizations":[],"extra":1}""", "application/json", "", "extra")]
    [InlineData("""{"organizations":[]}""", "application/json", "", "body")]
    [InlineData("""{"organizations":[]}""", "application/json", "?dryRun=maybe", "dryRun")]
    public async Task A_malformed_import_is_a_4xx_naming_what_is_wrong(string body, string contentType, string query, string field)
    {
        using var response = await Secretariat.PostAsync($"/api/directory/imports{query}", Json(body, contentType), Ct);
        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_removed_organization_disappears_from_search_and_from_the_contacts_replica()
    {
        await Secretariat.DefineSituationAsync("removal-test", "Removal test", "CD");
        var id = await Secretariat.RegisterAsync(new { name = "Soon Removed Org", country = "CD" });
        await Secretariat.PostCreatedAsync($"{Organizations}/{id}/positions", new { situationId = "removal-test", statement = "Public view", statedOn = "2026-01-01", visibility = "public" });
        Assert.NotNull(await EventuallyAsync(() => Secretariat.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"), TimeSpan.FromSeconds(5)));

        using (var removed = await Secretariat.DeleteAsync($"{Organizations}/{id}", Ct)) Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var gone = await EventuallyAsync(async () =>
        {
            using var response = await Secretariat.GetAsync($"/api/contacts/organizations/{id}", Ct);
            return response.StatusCode == HttpStatusCode.NotFound ? "gone" : null;
        }, TimeSpan.FromSeconds(5));
        Assert.Equal("gone", gone);
        using (var directory = await Secretariat.GetAsync($"{Organizations}/{id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, directory.StatusCode);
        Assert.Empty(Names(await Secretariat.GetJsonAsync($"{Organizations}?q=soon+removed")));
        Assert.Empty((await Secretariat.GetJsonAsync("/api/directory/situations/removal-test")).GetProperty("positions").EnumerateArray());
        Assert.Contains(PositionVisibilityTests.OutboxPayloads(Hub, "PositionWithdrawn"), m => m.Payload.Contains(id.ToString()));
        // A member of the removed organization no longer acts for it (identity drops the member role), and nothing comes back.
        var known = Hub.Services.GetRequiredService<InfoHub.Identity.Organizations.DirectoryOrganizations>();
        Assert.True(await EventuallyAsync(async () => await known.GetAsync(id, Ct) is { Removed: true }, TimeSpan.FromSeconds(5)));
        using (var member = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, id)))
        using (var edit = await member.PutAsync($"{Organizations}/{id}", Json("""{"name":"Back from the dead","country":"CD"}"""), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        using (var still = await Secretariat.GetAsync($"{Organizations}/{id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, still.StatusCode);
    }

    [Fact]
    public async Task A_snapshot_request_brings_a_replica_that_missed_events_up_to_date()
    {
        // An organization stored without its event, as if contacts had been rebuilt after the event went by.
        var store = Hub.Services.GetRequiredKeyedService<IDocumentStore>("directory");
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var json = JsonSerializer.Serialize(new { id, name = "Missed By Contacts", country = "CA", version = 1, createdAt = now, updatedAt = now }, JsonSerializerOptions.Web);
        await store.SaveAsync(new DocumentChange("organizations", id.ToString(), 1, json, now, "Missed By Contacts", "missed by contacts"), [], Ct);
        using (var before = await Secretariat.GetAsync($"/api/contacts/organizations/{id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        using var requested = await Secretariat.PostAsync("/api/directory/snapshots", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);

        var replica = await EventuallyAsync(() => Secretariat.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"), TimeSpan.FromSeconds(10));
        Assert.Equal("Missed By Contacts", replica?.Name);
    }
}
