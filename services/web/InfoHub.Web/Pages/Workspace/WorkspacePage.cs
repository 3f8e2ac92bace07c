using InfoHub.Platform.Security;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// A page of the secretariat's workspace. A visitor is sent to sign in; a signed-in person who is not the secretariat
/// gets 403 and a page saying so. The APIs behind it check again: the portal only spares others a form they could not send.
/// </summary>
public abstract class WorkspacePage(DirectoryApi directory) : PortalPage(directory)
{
    /// <summary>Signed in, but not the secretariat.</summary>
    public bool NotSecretariat { get; private set; }

    /// <summary>Null when the secretariat is signed in; else what to answer instead.</summary>
    protected IActionResult? CheckSecretariat()
    {
        if (!User.IsSignedIn()) return Challenge(new AuthenticationProperties { RedirectUri = Request.Path + Request.QueryString }, PortalSignIn.CookieScheme);
        if (User.IsInRole(Access.Roles.Secretariat)) return null;
        NotSecretariat = true;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
