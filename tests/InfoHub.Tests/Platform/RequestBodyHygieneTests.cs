using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Tests.Directory;
using static InfoHub.Tests.Directory.DirectoryApi;

namespace InfoHub.Tests.Platform;

/// <summary>A body the hub cannot take as sent is a 4xx problem saying what is wrong with it: a key given twice, an encoding that is not UTF-8.</summary>
public sealed class RequestBodyHygieneTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    [Theory]
    [InlineData("""{"name":"Twice Named","name":"Other Name","country":"CA"}""", "name")]
    [InlineData("""{"name":"Twice Cased","Name":"Other Name","country":"CA"}""", "Name")]
    [InlineData("""{"name":"Nested Twice","country":"CA","membership":{"status":"member","status":"observer"}}""", "membership.status")]
    [InlineData("""{"name":"Language Twice","country":"CA","translations":{"fr":{"name":"Un"},"fr":{"name":"Deux"}}}""", "translations.fr")]
    [InlineData("""{"name":"Deep Twice","country":"CA","translations":{"fr":{"name":"Un","name":"Deux"}}}""", "translations.fr.name")]
    public async Task A_JSON_key_given_twice_is_a_400_naming_the_key(string body, string field)
    {
        using var response = await Secretariat.PostAsync(Organizations, HttpJson.Json(body), Ct);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"'{field}' is given twice; give each field once.", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_key_given_twice_inside_an_import_row_names_the_row_and_the_key()
    {
        using var response = await Secretariat.PostAsync("/api/directory/imports",
            HttpJson.Json("""{"organizations":[{"name":"Row Twice","country":"CA","country":"US"}]}"""), Ct);

        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "organizations[0].country");
    }

    [Fact]
    public async Task A_JSON_body_that_is_not_UTF_8_is_an_encoding_problem_not_the_wrong_type()
    {
        var latin1 = new ByteArrayContent([.. """{"name":"R"""u8, 0xE9, .. """seau","country":"FR"}"""u8]);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Secretariat.PostAsync(Organizations, latin1, Ct);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.StartsWith("The body is not UTF-8 text (byte 0xE9 at offset 10", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("utf-16")]
    public async Task A_charset_other_than_UTF_8_is_a_415_naming_Content_Type(string charset)
    {
        var content = new StringContent("""{"name":"Charset Org","country":"FR"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/json; charset={charset}");

        using var response = await Secretariat.PostAsync(Organizations, content, Ct);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", problem.GetProperty("field").GetString());
        Assert.Contains($"charset={charset} names another encoding", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_UTF_8_body_with_a_byte_order_mark_or_an_explicit_charset_is_accepted()
    {
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """{"name":"Marked Body Org","country":"FR"}"""u8]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");

        using var response = await Secretariat.PostAsync(Organizations, content, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
