using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace InfoHub.Testing;

/// <summary>
/// The embedded host's demo accounts signing in as their users do: the demo partner with client credentials, and the
/// demo member in a browser (the web client's authorization code with PKCE, through the login page). The start-up bench
/// and a test check that both work the moment the host is ready.
/// </summary>
public static partial class DemoSignIn
{
    // As in deploy/InfoHub.Embedded/appsettings.json (the redirect URI is only compared, never followed) and the README.
    private const string RedirectUri = "http://localhost:5080/signin-callback";
    private const string MemberEmail = "member@demo.infohub.local";
    private const string MemberPassword = "demo-member-password";

    /// <summary>Whether both demo accounts obtained an access token.</summary>
    public static async Task<bool> BothSignInAsync(Uri host)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = host, Timeout = TimeSpan.FromSeconds(10) };
        var partner = await TokenAsync(browser, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "demo-partner", ["client_secret"] = "demo-partner-secret", ["scope"] = "infohub",
        });
        return partner && await MemberSignsInAsync(browser);
    }

    private static async Task<bool> MemberSignsInAsync(HttpClient browser)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorize = "/connect/authorize?client_id=infohub-web&response_type=code&scope=openid%20infohub" +
                        $"&redirect_uri={Uri.EscapeDataString(RedirectUri)}" +
                        $"&code_challenge={Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))}&code_challenge_method=S256";
        using var toLogin = await browser.GetAsync(authorize);
        if (toLogin.Headers.Location is not { } login) return false;
        var page = await browser.GetStringAsync(login);
        var fields = HiddenField().Matches(page).Select(m => KeyValuePair.Create(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(KeyValuePair.Create("email", MemberEmail)).Append(KeyValuePair.Create("password", MemberPassword));
        using var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        if (signedIn.Headers.Location is not { } back) return false;
        using var withCode = await browser.GetAsync(back);
        var query = withCode.Headers.Location?.Query ?? "";
        var code = Regex.Match(query, "[?&]code=([^&]+)") is { Success: true } match ? Uri.UnescapeDataString(match.Groups[1].Value) : null;
        return code is not null && await TokenAsync(browser, new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "infohub-web", ["code"] = code,
            ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier,
        });
    }

    private static async Task<bool> TokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("\"access_token\"", StringComparison.Ordinal);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""")]
    private static partial Regex HiddenField();
}
