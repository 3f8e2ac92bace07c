using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using InfoHub.Identity.Organizations;
using InfoHub.Tests.Directory;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>The secretariat invites people and manages partner systems' clients.</summary>
public sealed class AccountManagementTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>, IAsyncLifetime
{
    private HttpClient _secretariat = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _secretariat = await hub.SecretariatClientAsync();

    public ValueTask DisposeAsync()
    {
        _secretariat.Dispose();
        return ValueTask.CompletedTask;
    }

    private HttpClient Browser() => hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>An organization registered in the directory, once identity has heard of it (invitations name only those).</summary>
    private async Task<Guid> KnownOrganizationAsync()
    {
        var id = await _secretariat.RegisterAsync(new { name = $"Inviting organization {Guid.NewGuid():N}", country = "KE" });
        var organizations = hub.Services.GetRequiredService<DirectoryOrganizations>();
        Assert.True(await EventuallyAsync(async () => await organizations.GetAsync(id, Ct) is not null, TimeSpan.FromSeconds(10)));
        return id;
    }

    private async Task<JsonElement> InviteAsync(string email, Guid organization)
    {
        using var response = await _secretariat.PostAsync("/api/identity/invitations",
            Json(JsonSerializer.Serialize(new { email, displayName = "Invited member", role = "member", organizationId = organization })), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task An_invited_member_sets_a_password_once_and_signs_in_for_their_organization()
    {
        var organization = await KnownOrganizationAsync();
        var email = $"invited-{Guid.NewGuid():N}@example.org";
        var invitation = await InviteAsync(email, organization);
        var link = new Uri(invitation.GetProperty("invitationUrl").GetString()!);
        var pending = await _secretariat.GetFromJsonAsync<JsonElement>("/api/identity/accounts", Ct);
        Assert.True(pending.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email).GetProperty("invitationPending").GetBoolean());

        using var browser = Browser();
        using var accepted = await browser.SubmitAsync(link.PathAndQuery, "/account/accept",
            ("newPassword", "a passphrase of my own"), ("confirmPassword", "a passphrase of my own"));
        using var again = await Browser().SubmitAsync(link.PathAndQuery, "/account/accept",
            ("newPassword", "someone else's passphrase"), ("confirmPassword", "someone else's passphrase"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        using var signIn = await Browser().SignInAsync("/account/login?returnUrl=%2F", email, "a passphrase of my own");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var accounts = await _secretariat.GetFromJsonAsync<JsonElement>("/api/identity/accounts", Ct);
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email);
        Assert.False(account.GetProperty("invitationPending").GetBoolean());
        Assert.Equal(organization, account.GetProperty("organizationId").GetGuid());
        Assert.Equal(["member"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());

        // Who invited whom, and when the invitation was taken up, is on the identity service's record.
        var accountId = account.GetProperty("id").GetGuid();
        var audit = await _secretariat.GetFromJsonAsync<JsonElement>($"/api/identity/audit?q={accountId}", Ct);
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("account.invitation-accepted", accountId.ToString()), ("account.invited", TestTokens.SecretariatClient)], actions);
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","role":"member","organizationId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""", "email")]
    [InlineData("""{"email":"someone@example.org","role":"member"}""", "organizationId")]
    [InlineData("""{"email":"someone@example.org","role":"secretariat","organizationId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""", "organizationId")]
    [InlineData("""{"email":"someone@example.org","role":"admin"}""", "role")]
    [InlineData("""{"email":{"$ne":null},"role":"member"}""", "email")]
    public async Task Invalid_invitations_are_400_naming_the_field(string body, string field)
    {
        using var response = await _secretariat.PostAsync("/api/identity/invitations", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Inviting_an_existing_email_is_a_409_naming_it()
    {
        var email = $"twice-{Guid.NewGuid():N}@example.org";
        var organization = await KnownOrganizationAsync();
        await InviteAsync(email, organization);

        using var response = await _secretariat.PostAsync("/api/identity/invitations",
            Json(JsonSerializer.Serialize(new { email, role = "member", organizationId = organization })), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("email", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_partner_client_created_by_the_secretariat_gets_partner_tokens_until_it_is_deleted()
    {
        var clientId = $"coalition-{Guid.NewGuid():N}"[..30];
        using var created = await _secretariat.PostAsync("/api/identity/clients",
            Json(JsonSerializer.Serialize(new { clientId, displayName = "Coalition for the ICC (test)" })), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("clientSecret").GetString()!;

        using var anonymous = hub.CreateClient();
        var token = await TestTokens.ClientCredentialsAsync(anonymous, clientId, secret);
        var listed = await _secretariat.GetStringAsync("/api/identity/clients", Ct);
        using var duplicate = await _secretariat.PostAsync("/api/identity/clients", Json(JsonSerializer.Serialize(new { clientId, displayName = "Again" })), Ct);
        using var deleted = await _secretariat.DeleteAsync($"/api/identity/clients/{clientId}", Ct);
        using var afterwards = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "infohub",
        }), Ct);

        Assert.Equal("partner", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).GetClaim("role").Value);
        Assert.Contains(clientId, listed);
        Assert.DoesNotContain(secret, listed);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, afterwards.StatusCode);
        var audit = await _secretariat.GetFromJsonAsync<JsonElement>($"/api/identity/audit?q={clientId}", Ct);
        Assert.Equal(["client.deleted", "client.created"], audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList());
    }

    [Theory]
    [InlineData("""{"clientId":"Bad Id!","displayName":"x"}""", "clientId")]
    [InlineData("""{"clientId":"good-id","displayName":""}""", "displayName")]
    [InlineData("""{"clientId":"good-id","displayName":"x","role":"member"}""", "role")]
    public async Task Invalid_clients_are_400_naming_the_field(string body, string field)
    {
        using var response = await _secretariat.PostAsync("/api/identity/clients", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_web_client_cannot_be_deleted()
    {
        using var response = await _secretariat.DeleteAsync("/api/identity/clients/infohub-web", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Members_cannot_manage_accounts_or_clients()
    {
        using var member = hub.CreateClient().WithToken(await TestTokens.MemberAsync(hub, Guid.NewGuid()));

        using var accounts = await member.GetAsync("/api/identity/accounts", Ct);
        using var invite = await member.PostAsync("/api/identity/invitations", Json("""{"email":"x@example.org","role":"secretariat"}"""), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, accounts.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
    }
}
