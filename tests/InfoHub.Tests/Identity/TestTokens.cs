using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InfoHub.Identity.Accounts;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Tests.Identity;

/// <summary>Real access tokens from the hub's identity service, obtained the way each kind of caller obtains them.</summary>
public static class TestTokens
{
    public const string SecretariatClient = "test-secretariat";
    public const string SecretariatSecret = "test-secretariat-secret-0123456789";
    public const string PartnerClient = "demo-partner";
    public const string PartnerSecret = "demo-partner-secret";

    public static async Task<string> ClientCredentialsAsync(HttpClient client, string clientId, string secret)
    {
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "infohub",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
    }

    /// <summary>Creates a member of <paramref name="organization"/> and signs them in through the web client's code + PKCE flow.</summary>
    public static async Task<string> MemberAsync(EmbeddedHub hub, Guid organization) => (await MemberWithCredentialsAsync(hub, organization)).Token;

    /// <summary>As <see cref="MemberAsync"/>, with the member's email and password, for tests that sign them in again.</summary>
    public static async Task<(string Token, string Email, string Password)> MemberWithCredentialsAsync(EmbeddedHub hub, Guid organization)
    {
        var (_, email, password) = await CreateMemberAsync(hub, organization);
        return (await SignInThroughWebClientAsync(hub, email, password), email, password);
    }

    /// <summary>A new member account of <paramref name="organization"/>, with a password of its own, not yet signed in.</summary>
    public static Task<(Guid Id, string Email, string Password)> CreateMemberAsync(EmbeddedHub hub, Guid organization, string displayName = "Test member") =>
        CreatePersonAsync(hub, Access.Roles.Member, organization, displayName);

    /// <summary>A new secretariat account (a person, not a machine client) with a password of its own, not yet signed in.</summary>
    public static Task<(Guid Id, string Email, string Password)> CreateSecretariatAsync(EmbeddedHub hub, string displayName = "Test secretariat") =>
        CreatePersonAsync(hub, Access.Roles.Secretariat, null, displayName);

    private static async Task<(Guid Id, string Email, string Password)> CreatePersonAsync(EmbeddedHub hub, string role, Guid? organization, string displayName)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        const string password = "correct horse battery staple";
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account
        {
            // A person with a password of their own: as after an accepted invitation.
            Id = Guid.CreateVersion7(), UserName = email, Email = email, DisplayName = displayName, OrganizationId = organization, EmailConfirmed = true,
        };
        Assert.True((await users.CreateAsync(account, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(account, role)).Succeeded);
        return (account.Id, email, password);
    }

    /// <summary>Signs a person in as the web UI does: authorization code with PKCE, then the code for tokens.</summary>
    public static async Task<string> SignInThroughWebClientAsync(EmbeddedHub hub, string email, string password)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorize = "/connect/authorize?client_id=infohub-web&response_type=code&scope=openid%20infohub" +
                        $"&redirect_uri={Uri.EscapeDataString(EmbeddedHub.TestRedirectUri)}" +
                        $"&code_challenge={Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))}&code_challenge_method=S256";
        using var toLogin = await browser.GetAsync(authorize, ct);
        using var signedIn = await browser.SignInAsync(toLogin.Headers.Location!.PathAndQuery, email, password);
        using var withCode = await browser.GetAsync(signedIn.Headers.Location!.OriginalString, ct);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(withCode.Headers.Location!.Query)["code"].ToString();
        using var exchange = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "infohub-web", ["code"] = code,
            ["redirect_uri"] = EmbeddedHub.TestRedirectUri, ["code_verifier"] = verifier,
        }), ct);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        return (await exchange.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
    }

    /// <summary>A token signed with <paramref name="key"/> (the hub's real key, in tests that expect it refused for another reason), claiming the secretariat role.</summary>
    public static string Mint(SecurityKey key, string issuer, string audience, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", "minted-in-a-test"), new Claim("role", Access.Roles.Secretariat)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A real token whose payload has <paramref name="from"/> rewritten to <paramref name="to"/>: its signature no longer matches.</summary>
    public static string Tamper(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        Assert.Contains(from, payload);
        parts[1] = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.Replace(from, to)));
        return string.Join('.', parts);
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client acting as the secretariat's automation (client credentials, role secretariat).</summary>
    public static async Task<HttpClient> SecretariatClientAsync(this EmbeddedHub hub)
    {
        var client = hub.CreateClient();
        return client.WithToken(await ClientCredentialsAsync(client, SecretariatClient, SecretariatSecret));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
