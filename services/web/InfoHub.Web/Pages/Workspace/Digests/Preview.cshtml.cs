using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>
/// A draft as its readers will get it, in one of the languages it is written in: as the archive's page shows it, or
/// as the plain text a mail client gets (the news digest's own rendering of it).
/// </summary>
public sealed class DigestPreviewPage(DirectoryApi directory, DigestApi digests) : DigestWorkspacePage(directory, digests)
{
    public string Language { get; private set; } = "";

    /// <summary>The digest in <see cref="Language"/>, as the archive's page shows it.</summary>
    public Digest? View { get; private set; }

    /// <summary>The plain text, when that was asked for.</summary>
    public string? Text { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? language, string? format, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        Language = Digest.Languages.FirstOrDefault(l => l == language) ?? Digest.Language;
        var reading = DigestReading.In(Language);
        if (format == "text")
        {
            var text = await Digests.TextAsync(id, reading, ct);
            if (!text.Succeeded) Refuse(text, EditLink(id));
            Text = text.Value;
        }
        else
        {
            var view = await Digests.ReadAsync(id, reading, ct);
            if (!view.Succeeded) Refuse(view, EditLink(id));
            View = view.Value;
        }
        return Page();
    }

    public static string Link(Guid id, string language, bool text = false) =>
        QueryHelpers.AddQueryString($"{EditLink(id)}/preview", text ? new Dictionary<string, string?> { ["language"] = language, ["format"] = "text" } : new() { ["language"] = language });
}
