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

        var list = entries.EnumerateArray().ToList();
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

        var read = entries.EnumerateArray().First();
        Assert.Equal("contacts.read", read.GetProperty("action").GetString());
        Assert.Equal(memberSubject, read.GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
    }
}
