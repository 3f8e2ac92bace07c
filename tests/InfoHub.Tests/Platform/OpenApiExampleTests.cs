using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Platform;

/// <summary>The request examples the documents show are real requests: sent as they stand, the API stores them.</summary>
public sealed class OpenApiExampleTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_directory_examples_are_accepted_in_the_order_a_client_sends_them()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var document = await DocumentAsync(secretariat, "directory");

        var situation = await SendAsync(secretariat, document, "post", "/api/directory/situations", "/api/directory/situations", HttpStatusCode.Created);
        var organization = await SendAsync(secretariat, document, "post", "/api/directory/organizations", "/api/directory/organizations", HttpStatusCode.Created);
        var id = organization.GetProperty("id").GetGuid();
        await SendAsync(secretariat, document, "post", "/api/directory/organizations/{id}/activities", $"/api/directory/organizations/{id}/activities", HttpStatusCode.Created);
        await SendAsync(secretariat, document, "post", "/api/directory/organizations/{id}/positions", $"/api/directory/organizations/{id}/positions", HttpStatusCode.Created);
        await SendAsync(secretariat, document, "put", "/api/directory/organizations/{id}", $"/api/directory/organizations/{id}", HttpStatusCode.OK);
        var situationId = situation.GetProperty("id").GetString();
        await SendAsync(secretariat, document, "put", "/api/directory/situations/{id}", $"/api/directory/situations/{situationId}", HttpStatusCode.OK);

        var json = await SendAsync(secretariat, document, "post", "/api/directory/imports", "/api/directory/imports?dryRun=true", HttpStatusCode.OK);
        var csv = await SendAsync(secretariat, document, "post", "/api/directory/imports", "/api/directory/imports?kind=organizations&dryRun=true", HttpStatusCode.OK, "text/csv");
        // The import examples name the organization the registration example has just created: a probable duplicate of it.
        foreach (var report in new[] { json, csv })
        {
            Assert.Equal(0, report.GetProperty("rejectedCount").GetInt32());
            Assert.Equal(id, report.GetProperty("duplicates")[0].GetProperty("existingId").GetGuid());
        }
    }

    [Fact]
    public async Task The_identity_examples_are_accepted()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var document = await DocumentAsync(secretariat, "identity");

        var client = await SendAsync(secretariat, document, "post", "/api/identity/clients", "/api/identity/clients", HttpStatusCode.Created);
        // The invitation names the demo directory's Amnesty International: this hub holds no demo data, so it is imported with that id.
        var organization = document.GetProperty("paths").GetProperty("/api/identity/invitations").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("organizationId").GetGuid();
        using var imported = await secretariat.PostAsync("/api/directory/imports",
            Json(JsonSerializer.Serialize(new { organizations = new[] { new { id = organization, name = "Amnesty International", country = "GB" } } })), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var organizations = hub.Services.GetRequiredService<InfoHub.Identity.Organizations.DirectoryOrganizations>();
        Assert.True(await EventuallyAsync(async () => await organizations.GetAsync(organization, Ct) is not null, TimeSpan.FromSeconds(10)));
        await SendAsync(secretariat, document, "post", "/api/identity/invitations", "/api/identity/invitations", HttpStatusCode.Created);

        Assert.False(string.IsNullOrEmpty(client.GetProperty("clientSecret").GetString()));
    }

    [Fact]
    public async Task The_news_digest_examples_are_accepted_in_the_order_a_client_sends_them()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var document = await DocumentAsync(secretariat, "news-digest");
        // The examples name the directory's Darfur and DRC: this hub holds no demo data, so they are defined, and the news service learns them.
        await InfoHub.Tests.NewsDigest.NewsApi.EnsureSituationsAsync(secretariat, "darfur", "drc");

        var development = await SendAsync(secretariat, document, "post", "/api/news/developments", "/api/news/developments", HttpStatusCode.Created);
        var developmentId = development.GetProperty("id").GetGuid();
        await SendAsync(secretariat, document, "put", "/api/news/developments/{id}", $"/api/news/developments/{developmentId}", HttpStatusCode.OK);

        var meeting = await SendAsync(secretariat, document, "post", "/api/news/programme/meetings", "/api/news/programme/meetings", HttpStatusCode.Created);
        var meetingId = meeting.GetProperty("id").GetGuid();
        var moved = await SendAsync(secretariat, document, "put", "/api/news/programme/meetings/{id}", $"/api/news/programme/meetings/{meetingId}", HttpStatusCode.OK);
        Assert.NotEqual(meeting.GetProperty("startsAt").GetDateTimeOffset(), moved.GetProperty("startsAt").GetDateTimeOffset());

        var resolution = await SendAsync(secretariat, document, "post", "/api/news/resolutions", "/api/news/resolutions", HttpStatusCode.Created);
        var resolutionId = resolution.GetProperty("id").GetGuid();
        await SendAsync(secretariat, document, "post", "/api/news/resolutions/{id}/steps", $"/api/news/resolutions/{resolutionId}/steps", HttpStatusCode.OK);
        var corrected = await SendAsync(secretariat, document, "put", "/api/news/resolutions/{id}", $"/api/news/resolutions/{resolutionId}", HttpStatusCode.OK);
        Assert.Equal("in-blue", corrected.GetProperty("status").GetString());

        var calendarEvent = await SendAsync(secretariat, document, "post", "/api/news/calendar/events", "/api/news/calendar/events", HttpStatusCode.Created);
        var eventId = calendarEvent.GetProperty("id").GetGuid();
        var movedEvent = await SendAsync(secretariat, document, "put", "/api/news/calendar/events/{id}", $"/api/news/calendar/events/{eventId}", HttpStatusCode.OK);
        Assert.NotEqual(calendarEvent.GetProperty("startsAt").GetDateTimeOffset(), movedEvent.GetProperty("startsAt").GetDateTimeOffset());
    }

    private static async Task<JsonElement> DocumentAsync(HttpClient client, string service) =>
        await client.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json", Ct);

    /// <summary>Sends the example of <paramref name="method"/> <paramref name="path"/> (as documented) to <paramref name="url"/>.</summary>
    private static async Task<JsonElement> SendAsync(HttpClient client, JsonElement document, string method, string path, string url,
        HttpStatusCode expected, string mediaType = "application/json")
    {
        var example = document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("requestBody").GetProperty("content").GetProperty(mediaType).GetProperty("example");
        var body = example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = Json(body, mediaType) };
        using var response = await client.SendAsync(request, Ct);
        var answer = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method.ToUpperInvariant()} {url}: {(int)response.StatusCode} {answer}");
        return JsonDocument.Parse(answer).RootElement.Clone();
    }
}
