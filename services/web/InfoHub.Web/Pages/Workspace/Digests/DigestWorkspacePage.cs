using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>A page of the digest composer about one digest: the secretariat only, and the digest read whole (draft or published).</summary>
public abstract class DigestWorkspacePage(DirectoryApi directory, DigestApi digests) : WorkspacePage(directory)
{
    public const string Path = "/workspace/digests";

    protected DigestApi Digests => digests;

    public Digest Digest { get; private set; } = null!;

    public static string EditLink(Guid id) => $"{Path}/{id}";

    /// <summary>Null when the secretariat is signed in and the digest was read; else what to answer instead.</summary>
    protected async Task<IActionResult?> CheckAsync(Guid id, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        var digest = await digests.ReadAsync(id, null, ct);
        if (!digest.Succeeded) { Refuse(digest, Path); return Page(); }
        Digest = digest.Value!;
        return null;
    }
}
