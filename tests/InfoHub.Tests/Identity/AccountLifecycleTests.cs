using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfoHub.Identity.Organizations;
using InfoHub.Tests.Directory;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>
/// An account's life as the secretariat runs it: the one-time password replaced at first sign-in, accounts disabled,
/// enabled and removed, invitations revoked and bound to organizations the directory holds, and every revocation
/// refused at once — a disabled account's, a deleted client's, a removed organization's members' tokens.
/// </summary>
public sealed partial class AccountLifecycleTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>, IAsyncLifetime
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

    [Fact]
    public async Task The_first_secretariat_gets_no_code_or_token_until_it_replaces_its_one_time_password()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(hub.DataDirectory, "first-secretariat-account.txt"), Ct);
        var (email, oneTime) = (EmailLine().Match(text).Groups[1].Value, PasswordLine().Match(text).Groups[1].Value);
        using var browser = Browser();
        var (authorize, verifier) = AuthorizeUrl();

        using var toLogin = await browser.GetAsync(authorize, Ct);
        using var signedIn = await browser.SignInAsync(toLogin.Headers.Location!.PathAndQuery, email, oneTime);
        // Signed in with the one-time password, the only way on is the form that replaces it: the authorization
        // endpoint, asked again, sends back there instead of issuing a code.
        Assert.StartsWith("/account/password?returnUrl=", signedIn.Headers.Location!.OriginalString);
        using var again = await browser.GetAsync(authorize, Ct);
        Assert.StartsWith("/account/password?returnUrl=", again.Headers.Location!.OriginalString);
        using var twoFactor = await browser.GetAsync("/account/two-factor", Ct);
        Assert.StartsWith("/account/password", twoFactor.Headers.Location!.OriginalString);
        var form = await browser.GetStringAsync(signedIn.Headers.Location!.OriginalString, Ct);
        Assert.Contains("one-time password", form);

        using var same = await browser.SubmitAsync(signedIn.Headers.Location!.OriginalString, "/account/password",
            ("currentPassword", oneTime), ("newPassword", oneTime), ("confirmPassword", oneTime));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        using var changed = await browser.SubmitAsync(signedIn.Headers.Location!.OriginalString, "/account/password",
            ("currentPassword", oneTime), ("newPassword", "the secretariat's own passphrase"), ("confirmPassword", "the secretariat's own passphrase"));

        // Then the sign-in resumes where it was going: a code, and tokens for the secretariat.
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.StartsWith("/connect/authorize", changed.Headers.Location!.OriginalString);
        using var withCode = await browser.GetAsync(changed.Headers.Location!.OriginalString, Ct);
        var token = await ExchangeAsync(browser, withCode, verifier);
        Assert.Equal("secretariat", new JsonWebToken(token).GetClaim("role").Value);
        using var accounts = await hub.CreateClient().WithToken(token).GetAsync("/api/identity/accounts", Ct);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        var listed = (await accounts.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Single(a => a.GetProperty("email").GetString() == email);
        Assert.False(listed.GetProperty("passwordChangeRequired").GetBoolean());
    }

    [Fact]
    public async Task A_disabled_account_s_tokens_are_refused_at_once_and_it_cannot_sign_in_until_enabled()
    {
        var organization = await KnownOrganizationAsync("Disabled member's organization");
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, organization);
        using var member = hub.CreateClient().WithToken(token);
        using var before = await member.GetAsync("/api/directory/exports?kind=organizations&format=json", Ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var id = new JsonWebToken(token).Subject;

        using var disabled = await _secretariat.PostAsync($"/api/identity/accounts/{id}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("disabled").GetBoolean());

        // Refused now, not at expiry: on members' data and on public reads alike.
        await AssertRevokedAsync(member, "/api/directory/exports?kind=organizations&format=json");
        await AssertRevokedAsync(member, "/api/directory/organizations");
        using var signIn = await Browser().SignInAsync("/account/login?returnUrl=%2F", email, password);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("disabled", await signIn.Content.ReadAsStringAsync(Ct));

        using var enabled = await _secretariat.PostAsync($"/api/identity/accounts/{id}/enable", null, Ct);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        await Task.Delay(1100, Ct); // a token of the revocation's own second is refused too
        var fresh = await TestTokens.SignInThroughWebClientAsync(hub, email, password);
        using var renewed = hub.CreateClient().WithToken(fresh);
        using var after = await renewed.GetAsync("/api/directory/exports?kind=organizations&format=json", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        await AssertRevokedAsync(member, "/api/directory/organizations");
        var audit = await _secretariat.GetFromJsonAsync<JsonElement>($"/api/identity/audit?q={id}", Ct);
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("account.disabled", actions);
        Assert.Contains("account.enabled", actions);
    }

    [Fact]
    public async Task A_removed_account_s_tokens_are_refused_and_it_no_longer_exists()
    {
        var organization = await KnownOrganizationAsync("Removed member's organization");
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, organization);
        using var member = hub.CreateClient().WithToken(token);
        var id = new JsonWebToken(token).Subject;

        using var removed = await _secretariat.DeleteAsync($"/api/identity/accounts/{id}", Ct);
        using var again = await _secretariat.DeleteAsync($"/api/identity/accounts/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await AssertRevokedAsync(member, "/api/directory/organizations");
        using var signIn = await Browser().SignInAsync("/account/login?returnUrl=%2F", email, password);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        var accounts = await _secretariat.GetStringAsync("/api/identity/accounts", Ct);
        Assert.DoesNotContain(email, accounts);
    }

    [Fact]
    public async Task A_deleted_client_s_tokens_are_refused_at_once()
    {
        var clientId = $"sync-{Guid.NewGuid():N}"[..24];
        using var created = await _secretariat.PostAsync("/api/identity/clients",
            Json(JsonSerializer.Serialize(new { clientId, displayName = "Automation to be deleted", role = "secretariat" })), Ct);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("clientSecret").GetString()!;
        using var client = hub.CreateClient();
        client.WithToken(await TestTokens.ClientCredentialsAsync(client, clientId, secret));
        using var before = await client.PostAsync("/api/directory/situations", Json("""{"id":"revocation-before","name":"Created before the deletion"}"""), Ct);
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        using var deleted = await _secretariat.DeleteAsync($"/api/identity/clients/{clientId}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var after = await client.PostAsync("/api/directory/situations", Json("""{"id":"revocation-after","name":"Created after the deletion"}"""), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", after.Headers.WwwAuthenticate.ToString());
        using var missing = await hub.CreateClient().GetAsync("/api/directory/situations/revocation-after", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var revocations = await hub.CreateClient().GetFromJsonAsync<JsonElement>("/api/identity/revocations", Ct);
        Assert.Contains(revocations.EnumerateArray(), r => r.GetProperty("subject").GetString() == clientId);
    }

    [Fact]
    public async Task An_open_invitation_can_be_revoked_and_its_link_then_fails_but_an_accepted_one_cannot()
    {
        var organization = await KnownOrganizationAsync("Invitation's organization");
        var open = await InviteAsync($"revoked-{Guid.NewGuid():N}@example.org", organization);
        var accepted = await InviteAsync($"accepted-{Guid.NewGuid():N}@example.org", organization);
        using var accept = await Browser().SubmitAsync(new Uri(accepted.GetProperty("invitationUrl").GetString()!).PathAndQuery, "/account/accept",
            ("newPassword", "a passphrase of my own"), ("confirmPassword", "a passphrase of my own"));
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);

        using var revoked = await _secretariat.DeleteAsync($"/api/identity/invitations/{open.GetProperty("accountId").GetGuid()}", Ct);
        using var refused = await _secretariat.DeleteAsync($"/api/identity/invitations/{accepted.GetProperty("accountId").GetGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await DirectoryApi.AssertProblemNamingAsync(refused, HttpStatusCode.Conflict, "accountId");
        var link = new Uri(open.GetProperty("invitationUrl").GetString()!).PathAndQuery;
        using var useless = await Browser().SubmitAsync(link, "/account/accept", ("newPassword", "too late a passphrase"), ("confirmPassword", "too late a passphrase"));
        Assert.Equal(HttpStatusCode.BadRequest, useless.StatusCode);
    }

    [Fact]
    public async Task An_invitation_must_name_an_organization_the_directory_holds()
    {
        using var unknown = await _secretariat.PostAsync("/api/identity/invitations",
            Json(JsonSerializer.Serialize(new { email = $"nowhere-{Guid.NewGuid():N}@example.org", role = "member", organizationId = Guid.NewGuid() })), Ct);
        await DirectoryApi.AssertProblemNamingAsync(unknown, HttpStatusCode.BadRequest, "organizationId");

        var organization = await KnownOrganizationAsync("Registered, then removed");
        await InviteAsync($"first-{Guid.NewGuid():N}@example.org", organization);
        using var removed = await _secretariat.DeleteAsync($"/api/directory/organizations/{organization}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.True(await EventuallyAsync(async () => await Organizations.GetAsync(organization, Ct) is { Removed: true }, TimeSpan.FromSeconds(10)));
        using var afterRemoval = await _secretariat.PostAsync("/api/identity/invitations",
            Json(JsonSerializer.Serialize(new { email = $"late-{Guid.NewGuid():N}@example.org", role = "member", organizationId = organization })), Ct);
        await DirectoryApi.AssertProblemNamingAsync(afterRemoval, HttpStatusCode.BadRequest, "organizationId");
    }

    [Fact]
    public async Task Members_of_an_organization_removed_from_the_directory_lose_member_access()
    {
        var organization = await KnownOrganizationAsync("Organization leaving the directory");
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, organization);
        using var member = hub.CreateClient().WithToken(token);
        using var edit = await member.PostAsync($"/api/directory/organizations/{organization}/activities", Json("""{"title":"Monitoring"}"""), Ct);
        Assert.Equal(HttpStatusCode.Created, edit.StatusCode);

        using var removed = await _secretariat.DeleteAsync($"/api/directory/organizations/{organization}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        // The token held at the removal is refused everywhere; a new one carries neither the organization nor the member role.
        Assert.True(await EventuallyAsync(async () =>
        {
            using var response = await member.GetAsync("/api/directory/organizations", Ct);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(10)), "the member's token still works after the removal");
        await Task.Delay(1100, Ct);
        var fresh = new JsonWebToken(await TestTokens.SignInThroughWebClientAsync(hub, email, password));
        Assert.False(fresh.TryGetClaim("org", out _));
        Assert.DoesNotContain(fresh.Claims, c => c.Type == "role" && c.Value == "member");
        using var contacts = hub.CreateClient().WithToken(fresh.EncodedToken);
        using var members = await contacts.GetAsync("/api/directory/exports?kind=organizations&format=json", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, members.StatusCode);
    }

    [Fact]
    public async Task The_last_secretariat_account_that_can_sign_in_cannot_be_disabled_or_removed()
    {
        var accounts = await _secretariat.GetFromJsonAsync<JsonElement>("/api/identity/accounts", Ct);
        var only = accounts.EnumerateArray().Single(a => a.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "secretariat"))
            .GetProperty("id").GetGuid();

        using var disable = await _secretariat.PostAsync($"/api/identity/accounts/{only}/disable", null, Ct);
        using var remove = await _secretariat.DeleteAsync($"/api/identity/accounts/{only}", Ct);

        await DirectoryApi.AssertProblemNamingAsync(disable, HttpStatusCode.Conflict, "accountId");
        await DirectoryApi.AssertProblemNamingAsync(remove, HttpStatusCode.Conflict, "accountId");
    }

    [Theory]
    [InlineData("POST", "/api/identity/accounts/not-a-uuid/disable")]
    [InlineData("POST", "/api/identity/accounts/42/enable")]
    [InlineData("DELETE", "/api/identity/accounts/x")]
    [InlineData("DELETE", "/api/identity/invitations/{$ne}")]
    public async Task A_malformed_account_id_is_a_400_naming_it(string method, string path)
    {
        using var response = await _secretariat.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        await DirectoryApi.AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, "accountId");
    }

    private DirectoryOrganizations Organizations => hub.Services.GetRequiredService<DirectoryOrganizations>();

    /// <summary>Registers an organization in the directory and waits until identity has heard of it.</summary>
    private async Task<Guid> KnownOrganizationAsync(string name)
    {
        var id = await _secretariat.RegisterAsync(new { name = $"{name} {Guid.NewGuid():N}", country = "CH" });
        Assert.True(await EventuallyAsync(async () => await Organizations.GetAsync(id, Ct) is { Removed: false }, TimeSpan.FromSeconds(10)),
            "identity never heard of the organization");
        return id;
    }

    private async Task<JsonElement> InviteAsync(string email, Guid organization)
    {
        using var response = await _secretariat.PostAsync("/api/identity/invitations",
            Json(JsonSerializer.Serialize(new { email, role = "member", organizationId = organization })), Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private static async Task AssertRevokedAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The token was revoked\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static (string Url, string Verifier) AuthorizeUrl()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ("/connect/authorize?client_id=infohub-web&response_type=code&scope=openid%20infohub" +
                $"&redirect_uri={Uri.EscapeDataString(EmbeddedHub.TestRedirectUri)}&code_challenge={challenge}&code_challenge_method=S256", verifier);
    }

    private static async Task<string> ExchangeAsync(HttpClient browser, HttpResponseMessage withCode, string verifier)
    {
        var code = QueryHelpers.ParseQuery(withCode.Headers.Location!.Query)["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), withCode.Headers.Location!.ToString());
        using var exchange = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "infohub-web", ["code"] = code,
            ["redirect_uri"] = EmbeddedHub.TestRedirectUri, ["code_verifier"] = verifier,
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        return (await exchange.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!;
    }

    [GeneratedRegex(@"email: (\S+)")]
    private static partial Regex EmailLine();

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();
}
