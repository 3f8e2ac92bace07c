using System.Net;
using InfoHub.Tests.Directory;
using static InfoHub.Tests.Directory.DirectoryApi;

namespace InfoHub.Tests.Platform;

/// <summary>A query parameter an endpoint does not take is a 400 naming it, never a silently unfiltered answer.</summary>
public sealed class UnknownQueryParameterTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    [Theory]
    [InlineData("/api/directory/organizations?countries=SD", "countries")]
    [InlineData("/api/directory/organizations?q=peace&themes=prevention", "themes")]
    [InlineData("/api/directory/organizations?q%5B%24ne%5D=x", "q[$ne]")]
    [InlineData("/api/directory/organizations?q=peace&limit=5&sortt=name", "sortt")]
    [InlineData("/api/directory/situations?countries=SD", "countries")]
    [InlineData("/api/directory/vocabularies/themes?lang=fr", "lang")]
    [InlineData("/api/identity/accounts?emial=someone@example.org", "emial")]
    [InlineData("/api/identity/clients?role=partner", "role")]
    [InlineData("/api/directory/exports?kind=organizations&formats=csv", "formats")]
    [InlineData("/api/directory/audit?actors=alice", "actors")]
    [InlineData("/api/contacts/audit?subjects=organization", "subjects")]
    [InlineData("/api/contacts/organizations/6f9619ff-8b86-d011-b42d-00cf4fc964ff?fields=name", "fields")]
    [InlineData("/api/news/programme/upcoming?days=7&situations=darfur", "situations")]
    [InlineData("/api/news/programme/calendar.ics?format=briefing", "format")]
    [InlineData("/api/news/developments?situations=darfur", "situations")]
    [InlineData("/api/news/developments/feed.atom?q=darfur", "q")]
    [InlineData("/api/news/situations?lang=fr", "lang")]
    [InlineData("/api/news/calendar?situations=darfur", "situations")]
    [InlineData("/api/news/calendar.ics?kind=un-day", "kind")]
    [InlineData("/api/news/agenda-watch?window=30", "window")]
    public async Task A_query_parameter_the_endpoint_does_not_take_is_a_400_naming_it(string path, string parameter)
    {
        using var response = await Secretariat.GetAsync(path, Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("/api/directory/organizations?q=peace&theme=prevention&country=SD&region=002&sector=human-rights&scope=international&language=en&membership=member&function=advocacy&sort=name&limit=5")]
    [InlineData("/api/directory/organizations?Q=peace&LIMIT=5")]
    [InlineData("/api/directory/situations?q=crisis&country=SD&limit=5")]
    [InlineData("/api/identity/accounts")]
    [InlineData("/api/directory/exports?kind=organizations&format=csv&bom=false")]
    [InlineData("/api/news/programme/upcoming?DAYS=7&Situation=darfur")]
    [InlineData("/api/news/developments?q=council&organ=security-council&situation=darfur&theme=prevention&language=en&from=2026-01-01&to=2026-12-31&limit=5")]
    [InlineData("/api/news/developments/feed.atom?ORGAN=security-council&situation=darfur&theme=prevention&language=fr")]
    [InlineData("/api/news/calendar?FROM=2026-01-01&to=2026-02-01&kind=un-day&Situation=darfur&theme=prevention")]
    [InlineData("/api/news/agenda-watch?DAYS=30")]
    public async Task The_parameters_an_endpoint_takes_are_accepted_in_any_case(string path)
    {
        using var response = await Secretariat.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_import_with_a_misspelled_option_is_refused_before_anything_is_stored()
    {
        using var response = await Secretariat.PostAsync("/api/directory/imports?kind=organizations&dry_run=true",
            new StringContent("name,country\nMisspelled Option Institute,FR\n", System.Text.Encoding.UTF8, "text/csv"), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "dry_run");
        Assert.Equal(0, (await Secretariat.GetJsonAsync("/api/directory/organizations?q=misspelled+option+institute")).GetProperty("items").EnumerateArray()
            .Count(o => o.GetProperty("name").GetString() == "Misspelled Option Institute"));
    }
}
