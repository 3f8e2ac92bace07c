using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>Each service keeps its own record of who changed what, and the contacts service of who read what.</summary>
public sealed class AuditTrailTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_directory_records_who_registered_and_who_changed_an_organization_newest_first()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var registered = await secretariat.PostAsync("/api/directory/organizations", Json("""{"name":"Quaker UN Office","country":"CH"}"""), Ct);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, id));
        using var updated = await member.PutAsync($"/api/directory/organizations/{id}", Json("""{"name":"Quaker United Nations Office","country":"CH"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var memberSubject = new JsonWebToken(member.DefaultRequestHeaders.Authorization!.Parameter!).Subject;

        var entries = await secretariat.GetFromJsonAsync<JsonElement>($"/api/directory/audit?q={id}", Ct);

        var list = entries.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["organization.updated", "organization.registered"], list.Select(e => e.GetProperty("action").GetString()).ToList());
        Assert.Equal(memberSubject, list[0].GetProperty("actor").GetString());
        Assert.Equal(TestTokens.SecretariatClient, list[1].GetProperty("actor").GetString());
        Assert.All(list, e => Assert.Equal($"organization/{id}", e.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Every_read_of_contacts_data_is_on_record_and_only_the_secretariat_sees_the_record()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var registered = await secretariat.PostAsync("/api/directory/organizations", Json("""{"name":"World Vision","country":"US"}"""), Ct);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, Guid.NewGuid()));
        Assert.NotNull(await EventuallyAsync(() => member.GetOrNullAsync<ReplicaView>($"/api/contacts/organizations/{id}"), TimeSpan.FromSeconds(5)));
        var memberSubject = new JsonWebToken(member.DefaultRequestHeaders.Authorization!.Parameter!).Subject;

        var entries = await secretariat.GetFromJsonAsync<JsonElement>($"/api/contacts/audit?q={id}", Ct);
        using var asMember = await member.GetAsync("/api/contacts/audit", Ct);

        var read = entries.GetProperty("items").EnumerateArray().First();
        Assert.Equal("contacts.read", read.GetProperty("action").GetString());
        Assert.Equal(memberSubject, read.GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
    }

    [Fact]
    public async Task An_update_is_recorded_with_each_changed_field_before_and_after()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var registered = await secretariat.PostAsync("/api/directory/organizations", Json("""{"name":"Asia Pacific Centre for R2P","country":"AU"}"""), Ct);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var updated = await secretariat.PutAsync($"/api/directory/organizations/{id}",
            Json("""{"name":"Asia Pacific Centre for the Responsibility to Protect","acronym":"APR2P","country":"AU"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var page = await secretariat.GetFromJsonAsync<JsonElement>($"/api/directory/audit?subject=organization/{id}&action=organization.updated", Ct);

        var entry = Assert.Single(page.GetProperty("items").EnumerateArray().ToList());
        var changes = entry.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal(["name", "acronym"], changes.Keys.Order().Reverse().ToList());
        Assert.Equal("Asia Pacific Centre for R2P", changes["name"].GetProperty("before").GetString());
        Assert.Equal("Asia Pacific Centre for the Responsibility to Protect", changes["name"].GetProperty("after").GetString());
        Assert.False(changes["acronym"].TryGetProperty("before", out _)); // it had none
        Assert.Equal("APR2P", changes["acronym"].GetProperty("after").GetString());
    }

    [Fact]
    public async Task The_audit_log_pages_back_through_every_entry_of_an_actor()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        using var registered = await secretariat.PostAsync("/api/directory/organizations", Json("""{"name":"Global Justice Center","country":"US"}"""), Ct);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        for (var i = 1; i <= 6; i++)
        {
            using var put = await secretariat.PutAsync($"/api/directory/organizations/{id}", Json($$"""{"name":"Global Justice Center {{i}}","country":"US"}"""), Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var details = new List<string>();
        string? next = null;
        do
        {
            var page = await secretariat.GetFromJsonAsync<JsonElement>(
                $"/api/directory/audit?subject=organization/{id}&limit=3" + (next is null ? "" : $"&cursor={next}"), Ct);
            details.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
            next = page.TryGetProperty("next", out var cursor) ? cursor.GetString() : null;
        } while (next is not null);

        Assert.Equal([.. Enumerable.Repeat("organization.updated", 6), "organization.registered"], details);
    }

    [Fact]
    public async Task Refused_attempts_on_contacts_data_are_on_record()
    {
        using var secretariat = await hub.SecretariatClientAsync();
        var id = Guid.NewGuid();
        using var anonymous = hub.CreateClient();
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, Guid.NewGuid()));
        var memberSubject = new JsonWebToken(member.DefaultRequestHeaders.Authorization!.Parameter!).Subject;

        using var withoutToken = await anonymous.GetAsync($"/api/contacts/organizations/{id}", Ct);
        using var intoTheRecord = await member.GetAsync("/api/contacts/audit", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, intoTheRecord.StatusCode);
        var refusals = await secretariat.GetFromJsonAsync<JsonElement>("/api/contacts/audit?action=contacts.refused", Ct);
        var entries = refusals.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "anonymous" && e.GetProperty("subject").GetString() == $"organization/{id}"
                                      && e.GetProperty("detail").GetString()!.EndsWith(": 401", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == memberSubject && e.GetProperty("subject").GetString() == "audit"
                                      && e.GetProperty("detail").GetString()!.EndsWith(": 403", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?actors=alice", "actors")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-11-28&to=2026-11-01", "to")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?cursor=abc", "cursor")]
    [InlineData("?actor=a&actor=b", "actor")]
    public async Task A_malformed_audit_query_is_refused_naming_the_parameter(string query, string parameter)
    {
        using var secretariat = await hub.SecretariatClientAsync();

        using var response = await secretariat.GetAsync("/api/directory/audit" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync(Ct));
    }
}
