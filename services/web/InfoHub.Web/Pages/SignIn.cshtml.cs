using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Pages;

/// <summary>
/// Starts a sign-in at the hub's provider and comes back to <c>returnUrl</c> (a page of this portal only); or, when a
/// sign-in did not complete, says so and offers to try again.
/// </summary>
public sealed class SignInPage : PageModel
{
    public bool Failed { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    /// <summary>The provider could not be reached to start the sign-in (its discovery document did not come).</summary>
    public bool Unanswered { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, bool failed = false)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (failed)
        {
            Failed = true;
            return Page();
        }
        if (User.IsSignedIn()) return LocalRedirect(ReturnUrl);
        try
        {
            await HttpContext.ChallengeAsync(PortalSignIn.ProviderScheme, new AuthenticationProperties { RedirectUri = ReturnUrl });
            return new EmptyResult();
        }
        catch (InvalidOperationException e) when (e.InnerException is IOException or HttpRequestException || e.Message.StartsWith("IDX20803", StringComparison.Ordinal))
        {
            // IDX20803: the provider's configuration could not be read. Say so, as for any service that does not answer.
            Unanswered = true;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }
}

/// <summary>Ends the portal session and the person's session at the provider, then comes back to the home page.</summary>
public sealed class SignOutPage : PageModel
{
    /// <summary>A link (GET) only shows the button: signing out changes state, so it takes a form post with its anti-forgery token.</summary>
    public IActionResult OnGet() => User.IsSignedIn() ? Page() : LocalRedirect("/");

    public IActionResult OnPost() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/" }, PortalSignIn.CookieScheme, PortalSignIn.ProviderScheme);
}
