using System.Net;
using InfoHub.Tests.Identity;
using InfoHub.Web.Shared.SignIn;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OpenIddict.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace InfoHub.Tests.Web;

/// <summary>
/// People signing in to the portal in a real Chromium, through the hub's own OpenID Connect provider (authorization
/// code + PKCE): they see what the directory shares with members, their tokens stay on the server and are refreshed,
/// and signing out ends the session at the provider too.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalSignInTests(PortalFixture portal)
{
    // The demo directory's members-only position (International Crisis Group on Burundi) and the demo member.
    private const string SharedWithMembers = "preventive diplomacy before the elections";
    private const string DemoMember = "member@demo.infohub.local";
    private const string DemoPassword = "demo-member-password";
    private static readonly Guid Amnesty = Guid.Parse("70398e4d-5b4f-5a43-b838-6871a9969ad3");

    [Theory]
    [InlineData("en-GB", "Sign in", "Signed in as", "Sign out", "Members only")]
    [InlineData("fr-FR", "Se connecter", "Connecté en tant que", "Se déconnecter", "Réservé aux membres")]
    public async Task A_member_signs_in_from_a_page_sees_what_is_shared_with_members_and_signs_out_at_the_provider_too(
        string locale, string signIn, string signedInAs, string signOut, string membersOnly)
    {
        var page = await portal.NewPageAsync(new() { Locale = locale });
        await page.GotoAsync("/situations/burundi");
        await Expect(page.GetByText(SharedWithMembers)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = signIn, Exact = true }).ClickAsync();
        await SignInAtTheProviderAsync(page, DemoMember, DemoPassword);
        // Back where they were, signed in: the directory now shows the position its author shared with members only.
        await ArrivalAsync(page, "/situations/burundi");
        await Expect(page.GetByText(signedInAs)).ToContainTextAsync("Demo member");
        await Expect(page.GetByText(SharedWithMembers)).ToBeVisibleAsync();
        await Expect(page.Locator(".position .visibility")).ToContainTextAsync(membersOnly);
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");

        // The browser holds a session cookie, not the tokens.
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name.StartsWith(PortalSignIn.CookieName, StringComparison.Ordinal));
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.True(session.Value.Length < 1_000, $"the session cookie is {session.Value.Length} characters: it should carry a key, not tokens");

        await page.GetByRole(AriaRole.Button, new() { Name = signOut, Exact = true }).ClickAsync();
        await ArrivalAsync(page, "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = signIn, Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith(PortalSignIn.CookieName, StringComparison.Ordinal));
        await page.GotoAsync("/situations/burundi");
        await Expect(page.GetByText(SharedWithMembers)).ToHaveCountAsync(0);

        // The provider's session ended too: signing in again asks for the password instead of coming straight back.
        await page.GetByRole(AriaRole.Link, new() { Name = signIn, Exact = true }).ClickAsync();
        await ArrivalAsync(page, "/account/login");
    }

    [Fact]
    public async Task Each_page_a_member_opens_near_the_token_s_expiry_first_refreshes_it_and_they_stay_signed_in()
    {
        var (id, page) = await NewMemberOnBurundiAsync("Refreshing member");
        var redeemedAtSignIn = await RedeemedRefreshTokensAsync(id);

        // The fixture's access tokens live one minute, within the refresh margin: every page refreshes first.
        for (var i = 0; i < 3; i++)
        {
            await page.ReloadAsync();
            await Expect(page.GetByText("Signed in as")).ToContainTextAsync("Refreshing member");
            await Expect(page.GetByText(SharedWithMembers)).ToBeVisibleAsync();
        }
        // The provider rotates refresh tokens: each exchange spent the previous one, once.
        Assert.Equal(redeemedAtSignIn + 3, await RedeemedRefreshTokensAsync(id));
    }

    [Fact]
    public async Task A_member_whose_account_is_disabled_is_signed_out_of_the_portal_at_their_next_page()
    {
        var (id, page) = await NewMemberOnBurundiAsync("Member to disable");
        await Expect(page.GetByText(SharedWithMembers)).ToBeVisibleAsync();

        using var secretariat = await portal.Hub.SecretariatClientAsync();
        using var disabled = await secretariat.PostAsync($"/api/identity/accounts/{id}/disable", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(SharedWithMembers)).ToHaveCountAsync(0);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name.StartsWith(PortalSignIn.CookieName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sign_in_that_does_not_complete_is_explained_with_a_way_to_try_again()
    {
        var page = await portal.NewPageAsync();
        // A callback nobody started (no state this browser knows), as after a sign-in left open too long.
        var response = await page.GotoAsync("/signin-callback?code=forged&state=unknown");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not complete");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_page_sends_people_back_only_to_the_portal_s_own_pages()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=https%3A%2F%2Fexample.org%2Fphish");
        await SignInAtTheProviderAsync(page, DemoMember, DemoPassword);
        await ArrivalAsync(page, "/");
        Assert.Equal(portal.Address.Authority, new Uri(page.Url).Authority);
    }

    /// <summary>A new member account, signed in through the portal, on the Burundi page.</summary>
    private async Task<(Guid Id, IPage Page)> NewMemberOnBurundiAsync(string name)
    {
        var (id, email, password) = await TestTokens.CreateMemberAsync(portal.Hub, Amnesty, name);
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=%2Fsituations%2Fburundi");
        await SignInAtTheProviderAsync(page, email, password);
        await ArrivalAsync(page, "/situations/burundi");
        return (id, page);
    }

    /// <summary>
    /// Waits until the page is at <paramref name="path"/>. A sign-in crosses several redirects, and the first one in a
    /// test run compiles the provider's and the portal's whole path on a loaded machine: it gets longer than a page.
    /// When it never arrives, says where the browser is and what it shows.
    /// </summary>
    private static async Task ArrivalAsync(IPage page, string path)
    {
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path, new() { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            Assert.Fail($"expected to arrive at {path}, but the browser is at {page.Url}, showing: {shown[..Math.Min(shown.Length, 600)]}");
        }
    }

    private static async Task SignInAtTheProviderAsync(IPage page, string email, string password)
    {
        await ArrivalAsync(page, "/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task<int> RedeemedRefreshTokensAsync(Guid account)
    {
        await using var scope = portal.Hub.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var redeemed = 0;
        await foreach (var token in tokens.FindBySubjectAsync(account.ToString(), TestContext.Current.CancellationToken))
        {
            if (await tokens.GetTypeAsync(token) == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken &&
                await tokens.GetStatusAsync(token) == OpenIddictConstants.Statuses.Redeemed) redeemed++;
        }
        return redeemed;
    }
}

/// <summary>The portal when its sign-in provider cannot be reached.</summary>
public sealed class PortalSignInWithoutProviderTests : IAsyncLifetime
{
    private readonly EmbeddedHub _hub = new()
    {
        Settings = new Dictionary<string, string> { ["Web:Authority"] = $"http://127.0.0.1:{InfoHub.Testing.Ports.Free()}/" },
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task Signing_in_while_the_provider_does_not_answer_is_a_page_saying_so_and_reading_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = _hub.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signIn = await browser.GetAsync("/signin?returnUrl=%2Fdirectory", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        var page = await signIn.Content.ReadAsStringAsync(ct);
        Assert.Contains("The sign-in service does not answer just now", page);
        Assert.Contains("/signin?returnUrl=%2Fdirectory", page);

        using var home = await browser.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
