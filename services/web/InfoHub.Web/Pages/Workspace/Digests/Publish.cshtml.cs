using System.Net;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>
/// Publishing a draft, after a confirmation: it is final (the digest becomes public, is announced to the network and is
/// never edited again). What is published is the version the secretariat confirmed: a change made since is not published unseen.
/// </summary>
public sealed class DigestPublishPage(DirectoryApi directory, DigestApi digests) : DigestWorkspacePage(directory, digests)
{
    /// <summary>The version confirmed: the one this page showed.</summary>
    [BindProperty]
    public long Version { get; set; }

    /// <summary>Why publishing was refused (the draft changed since, or was published already), or null.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        Version = Digest.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        var published = await Digests.PublishAsync(id, Version, ct);
        if (published.Succeeded) return Redirect($"/digests/{id}");
        if (published.Status is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict))
        {
            Refuse(published, EditLink(id));
            return Page();
        }
        // The page shows the digest as it is now, to be confirmed again.
        Refused = published.Status == HttpStatusCode.PreconditionFailed ? "changed" : "published";
        Version = Digest.Version;
        ModelState.Remove(nameof(Version));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public static string Link(Guid id) => $"{EditLink(id)}/publish";
}
