using InfoHub.Platform.Security;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Tests.Identity;

/// <summary>The hub's own OpenID Connect provider, exercised the way partner systems and the web UI use it.</summary>
public sealed partial class TokenIssuanceTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Browser() => hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>Validates like any resource server: issuer and keys from discovery, audience "infohub".</summary>
    private async Task<JsonWebToken> ValidateAsync(string accessToken)
    {
        using var client = hub.CreateClient();
        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Ct);
        var jwks = new JsonWebKeySet(await client.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery, Ct));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = "infohub",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private async Task<(Account Account, string Password)> CreateMemberAsync(Guid organization)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var email = $"member-{Guid.NewGuid():N}@example.org";
        var password = "correct horse battery staple";
        var account = new Account { Id = Guid.CreateVersion7(), UserName = email, Email = email, DisplayName = "Demo member", OrganizationId = organization };
        Assert.True((await users.CreateAsync(account, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(account, Access.Roles.Member)).Succeeded);
        return (account, password);
    }

    [Fact]
    public async Task A_partner_system_gets_a_signed_partner_token_with_client_credentials()
    {
        using var client = hub.CreateClient();
        using var response = await client.PostAsync("/connect/token", Form(
            ("grant_type", "client_credentials"), ("client_id", "demo-partner"), ("client_secret", "demo-partner-secret"), ("scope", "infohub")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = await ValidateAsync(body.GetProperty("access_token").GetString()!);
        Assert.Equal("demo-partner", token.Subject);
        Assert.Equal("partner", token.GetClaim("role").Value);
        Assert.Equal("RS256", token.Alg);
    }

    [Theory]
    [InlineData("demo-partner", "wrong-secret")]
    [InlineData("no-such-client", "demo-partner-secret")]
    public async Task A_wrong_client_secret_or_unknown_client_gets_no_token(string clientId, string secret)
    {
        using var client = hub.CreateClient();
        using var response = await client.PostAsync("/connect/token", Form(
            ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "infohub")), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_member_signs_in_with_code_and_PKCE_and_gets_a_member_token_for_their_organization_and_a_refresh_token()
    {
        var organization = Guid.NewGuid();
        var (account, password) = await CreateMemberAsync(organization);
        using var browser = Browser();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = "infohub-web", ["response_type"] = "code", ["redirect_uri"] = EmbeddedHub.TestRedirectUri,
            ["scope"] = "openid profile roles offline_access infohub", ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256", ["state"] = "xyz",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        // Not signed in: sent to the sign-in page, which comes back to the authorization request.
        using var first = await browser.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/login", first.Headers.Location!.PathAndQuery);
        var signedIn = await browser.SignInAsync(first.Headers.Location!.PathAndQuery, account.Email!, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var second = await browser.GetAsync(signedIn.Headers.Location!.OriginalString, Ct);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var callback = second.Headers.Location!;
        Assert.StartsWith(EmbeddedHub.TestRedirectUri, callback.OriginalString);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("xyz", query["state"].ToString());

        using var exchange = await browser.PostAsync("/connect/token", Form(
            ("grant_type", "authorization_code"), ("client_id", "infohub-web"), ("code", query["code"].ToString()),
            ("redirect_uri", EmbeddedHub.TestRedirectUri), ("code_verifier", verifier)), Ct);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var tokens = await exchange.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var access = await ValidateAsync(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(account.Id.ToString(), access.Subject);
        Assert.Equal("member", access.GetClaim("role").Value);
        Assert.Equal(organization.ToString(), access.GetClaim("org").Value);

        using var refreshed = await browser.PostAsync("/connect/token", Form(
            ("grant_type", "refresh_token"), ("client_id", "infohub-web"), ("refresh_token", tokens.GetProperty("refresh_token").GetString()!)), Ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await ValidateAsync((await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        Assert.Equal(account.Id.ToString(), renewed.Subject);
    }

    [Fact]
    public async Task A_code_exchange_without_the_PKCE_verifier_is_refused()
    {
        using var client = hub.CreateClient();
        using var response = await client.PostAsync("/connect/token", Form(
            ("grant_type", "authorization_code"), ("client_id", "infohub-web"), ("code", "forged"), ("redirect_uri", EmbeddedHub.TestRedirectUri)), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (account, password) = await CreateMemberAsync(Guid.NewGuid());
        using var browser = Browser();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.SignInAsync("/account/login?returnUrl=%2F", account.Email!, "not the password at all");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        using var right = await browser.SignInAsync("/account/login?returnUrl=%2F", account.Email!, password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        var (account, password) = await CreateMemberAsync(Guid.NewGuid());
        using var browser = Browser();

        using var response = await browser.SignInAsync("/account/login?returnUrl=https%3A%2F%2Fphishing.example%2F", account.Email!, password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        var (account, password) = await CreateMemberAsync(Guid.NewGuid());
        using var browser = Browser();

        using var response = await browser.PostAsync("/account/login", Form(("email", account.Email!), ("password", password), ("returnUrl", "/")), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_first_secretariat_account_is_created_once_and_its_password_left_for_its_owner_only()
    {
        var file = Path.Combine(hub.DataDirectory, "first-secretariat-account.txt");
        using var _ = hub.CreateClient();

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var secretariat = Assert.Single(await users.GetUsersInRoleAsync(Access.Roles.Secretariat));
        var password = PasswordLine().Match(await File.ReadAllTextAsync(file, Ct)).Groups[1].Value;
        Assert.True(await users.CheckPasswordAsync(secretariat, password));
    }

    [Fact]
    public async Task After_rotation_the_newest_key_signs_and_the_previous_one_is_still_published()
    {
        await using var rotated = new EmbeddedHub();
        var keys = Path.Combine(rotated.DataDirectory, "identity-keys");
        System.IO.Directory.CreateDirectory(keys);
        var previous = $"signing-{DateTime.UtcNow.AddDays(-100):yyyyMMddHHmmss}";
        using (var rsa = RSA.Create(2048)) await File.WriteAllTextAsync(Path.Combine(keys, previous + ".pem"), rsa.ExportPkcs8PrivateKeyPem(), Ct);
        using var client = rotated.CreateClient();

        using var response = await client.PostAsync("/connect/token", Form(
            ("grant_type", "client_credentials"), ("client_id", "demo-partner"), ("client_secret", "demo-partner-secret"), ("scope", "infohub")), Ct);
        var token = new JsonWebToken((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!);
        var published = (await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks", Ct)).GetProperty("keys").EnumerateArray()
            .Select(k => k.GetProperty("kid").GetString()).ToList();

        Assert.NotEqual(previous, token.Kid);
        Assert.StartsWith("signing-", token.Kid);
        Assert.Contains(previous, published);
        Assert.Contains(token.Kid, published);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();
}
