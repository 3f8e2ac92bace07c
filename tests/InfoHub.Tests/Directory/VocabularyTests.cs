using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Directory.Vocabularies;

namespace InfoHub.Tests.Directory;

public sealed class VocabularyTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anyone_gets_every_vocabulary_with_English_French_and_Spanish_labels()
    {
        using var client = hub.CreateClient();

        using var response = await client.GetAsync("/api/directory/vocabularies", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString());
        var all = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["sectors", "scopes", "regions", "countries", "themes", "functions", "membership", "responses", "visibility"],
            all.EnumerateObject().Select(p => p.Name).ToList());
        foreach (var vocabulary in all.EnumerateObject())
        {
            Assert.All(vocabulary.Value.EnumerateArray(), term =>
            {
                var labels = term.GetProperty("labels");
                Assert.All(new[] { "en", "fr", "es" }, language => Assert.False(string.IsNullOrWhiteSpace(labels.GetProperty(language).GetString())));
            });
        }
        var sudan = all.GetProperty("countries").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "SD").GetProperty("labels");
        Assert.Equal("Soudan", sudan.GetProperty("fr").GetString());
        Assert.Equal("Sudán", sudan.GetProperty("es").GetString());
    }

    [Fact]
    public void Codes_are_unique_and_every_region_names_a_parent_that_exists()
    {
        Assert.All(Vocabulary.ByName, v => Assert.Equal(v.Value.Count, v.Value.Select(t => t.Code).Distinct().Count()));
        var regions = Vocabulary.Regions.Select(r => r.Code).ToHashSet();
        Assert.All(Vocabulary.Regions.Where(r => r.Parent is not null), r => Assert.Contains(r.Parent!, regions));
        Assert.Equal(17, Vocabulary.Themes.Count);
        Assert.Equal(12, Vocabulary.Sectors.Count);
        Assert.Equal(249, Vocabulary.CountryTerms.Count);
    }

    [Fact]
    public async Task One_vocabulary_by_name_and_an_unknown_one_is_a_404_naming_it()
    {
        using var client = hub.CreateClient();

        var themes = await client.GetFromJsonAsync<JsonElement>("/api/directory/vocabularies/themes", Ct);
        using var unknown = await client.GetAsync("/api/directory/vocabularies/colours", Ct);

        Assert.Contains(themes.EnumerateArray(), t => t.GetProperty("code").GetString() == "women-peace-security");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
