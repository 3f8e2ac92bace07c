using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Storage;
using InfoHub.Tests.Directory;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

public sealed class CouncilApiTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anyone_asks_who_sits_on_the_Council_in_a_month_and_who_presides_in_one_call()
    {
        using var client = hub.CreateClient();

        var month = await client.GetFromJsonAsync<JsonElement>("/api/news/council/months/2026-07", Ct);

        Assert.Equal("2026-07", month.GetProperty("month").GetString());
        Assert.Equal("Democratic Republic of the Congo", month.GetProperty("president").GetProperty("name").GetString());
        Assert.Equal("CD", month.GetProperty("president").GetProperty("country").GetString());
        var members = month.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(15, members.Count);
        var latvia = members.Single(m => m.GetProperty("country").GetString() == "LV");
        Assert.Equal(2026, latvia.GetProperty("termStarts").GetInt32());
        Assert.Equal(2027, latvia.GetProperty("termEnds").GetInt32());
        Assert.Equal(5, members.Count(m => m.GetProperty("permanent").GetBoolean()));
    }

    [Fact]
    public async Task A_year_lists_its_members_in_rotation_order_with_the_source_of_the_facts()
    {
        using var client = hub.CreateClient();

        using var response = await client.GetAsync("/api/news/council/2025", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString());
        var year = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Algeria", year.GetProperty("members")[0].GetProperty("name").GetString());
        Assert.Contains("securitycouncil", year.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("/api/news/council/months/2026-13", HttpStatusCode.BadRequest, "month")]
    [InlineData("/api/news/council/months/July", HttpStatusCode.BadRequest, "month")]
    [InlineData("/api/news/council/months/2031-01", HttpStatusCode.NotFound, "year")]
    [InlineData("/api/news/council/months/2024-06", HttpStatusCode.NotFound, "year")]
    [InlineData("/api/news/council/1999", HttpStatusCode.NotFound, "year")]
    public async Task A_month_or_year_the_hub_cannot_answer_gets_a_problem_naming_the_field(string path, HttpStatusCode status, string field)
    {
        using var client = hub.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        // A 400 lists its field errors; a 404 names the field it could not answer for.
        var named = status == HttpStatusCode.BadRequest
            ? problem.GetProperty("errors").TryGetProperty(field, out _)
            : problem.GetProperty("field").GetString() == field;
        Assert.True(named, problem.ToString());
    }

    [Fact]
    public async Task Each_seeded_year_is_announced_once_with_its_months_presidents_even_after_a_restart()
    {
        bool Announced() => PositionVisibilityTests.OutboxPayloads(hub, "CouncilCompositionChanged", "news-digest").Any();
        Assert.True(await EventuallyAsync(() => Task.FromResult(Announced()), TimeSpan.FromSeconds(10)));

        // A second start on the same store (a restart, or another instance) announces nothing more.
        var again = ActivatorUtilities.CreateInstance<CouncilAnnouncements>(hub.Services, hub.Services.GetRequiredKeyedService<IDocumentStore>("news-digest"));
        await again.StartAsync(Ct);

        var years = PositionVisibilityTests.OutboxPayloads(hub, "CouncilCompositionChanged", "news-digest")
            .Select(p => JsonDocument.Parse(p.Payload).RootElement).ToList();
        Assert.Equal([2025, 2026], years.Select(y => y.GetProperty("year").GetInt32()).Order());
        Assert.All(years, y => Assert.Equal(15, y.GetProperty("members").GetArrayLength()));
        var presidencies = PositionVisibilityTests.OutboxPayloads(hub, "CouncilPresidencyAssigned", "news-digest")
            .Select(p => JsonDocument.Parse(p.Payload).RootElement).ToList();
        Assert.Equal(24, presidencies.Count);
        Assert.Equal("CD", presidencies.Single(p => p.GetProperty("month").GetString() == "2026-07").GetProperty("president").GetProperty("country").GetString());
    }
}
