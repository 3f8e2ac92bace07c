using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Playwright;

namespace InfoHub.Tests.Web;

/// <summary>The people and organizations of the portal's browser journeys: each test makes its own, so that it disturbs no other.</summary>
internal static class PortalPeople
{
    /// <summary>A new organization (Canada, with a website, a logo and an observer's membership), registered by the secretariat.</summary>
    public static async Task<Guid> NewOrganizationAsync(this PortalFixture portal, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        using var secretariat = await portal.Hub.SecretariatClientAsync();
        using var created = await secretariat.PostAsJsonAsync("/api/directory/organizations", new
        {
            name = $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)],
            country = "CA",
            website = "https://example.org/",
            logoUrl = "https://example.org/logo.png",
            membership = new { status = "observer" },
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A new browser signed in through the portal's sign-in page as <paramref name="email"/>, arrived back at <paramref name="path"/>.</summary>
    public static async Task<IPage> SignedInAsync(this PortalFixture portal, string email, string password, string locale, string path, bool javaScript = true)
    {
        var page = await portal.NewPageAsync(new() { Locale = locale, JavaScriptEnabled = javaScript });
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(path));
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new() { Timeout = 90_000 });
        await page.Locator("input[type='email']").FillAsync(email);
        await page.Locator("input[type='password']").FillAsync(password);
        await page.Locator("form[method='post'] button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new() { Timeout = 90_000 });
        return page;
    }

    public static async Task<IPage> SignedInMemberAsync(this PortalFixture portal, Guid organization, string locale, string path)
    {
        var (_, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, organization, "Editing member");
        return await portal.SignedInAsync(email, password, locale, path);
    }

    public static async Task<IPage> SignedInSecretariatAsync(this PortalFixture portal, string locale, string path, bool javaScript = true)
    {
        var (_, email, password) = await TestTokens.CreateSecretariatAsync(portal.Hub, "Secretariat tester");
        return await portal.SignedInAsync(email, password, locale, path, javaScript);
    }
}
