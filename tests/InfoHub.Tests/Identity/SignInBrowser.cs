using System.Net;
using System.Text.RegularExpressions;

namespace InfoHub.Tests.Identity;

/// <summary>What a person's browser does on the identity service's pages: read the form, keep its antiforgery token, post it.</summary>
internal static partial class SignInBrowser
{
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string loginUrl, string email, string password) =>
        browser.SubmitAsync(loginUrl, "/account/login", ("email", email), ("password", password));

    /// <summary>GETs the page at <paramref name="pageUrl"/>, then posts its antiforgery token and hidden fields with <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient browser, string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await browser.GetStringAsync(pageUrl, ct);
        var hidden = HiddenField().Matches(page).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Contains(hidden, h => h.Item1.Contains("RequestVerificationToken", StringComparison.Ordinal));
        return await browser.PostAsync(action, new FormUrlEncodedContent(hidden.Concat(fields).Select(f => KeyValuePair.Create(f.Item1, f.Item2))), ct);
    }

    [GeneratedRegex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""")]
    private static partial Regex HiddenField();
}
