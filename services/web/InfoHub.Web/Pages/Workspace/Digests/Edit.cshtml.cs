using System.Net;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>
/// A digest in the composer. A draft: its title, introduction and translations, and its items by section, each
/// editable, movable within its section and removable, and a note of the secretariat's own; saved with the version it
/// was read at, so a change someone made meanwhile is explained instead of overwritten unseen. A published digest is
/// not edited again: it gets errata.
/// </summary>
public sealed class DigestEditPage(DirectoryApi directory, DigestApi digests) : DigestWorkspacePage(directory, digests)
{
    [BindProperty]
    public ComposerForm Form { get; set; } = new();

    /// <summary>Which button was pressed: <c>save</c>, <c>note</c>, or <c>up:3</c>, <c>down:3</c>, <c>remove:3</c> for the item at that place.</summary>
    [BindProperty]
    public string? Button { get; set; }

    [BindProperty]
    public string? Erratum { get; set; }

    public ApiErrors Errors { get; private set; } = ApiErrors.None;

    /// <summary>The save was refused because the draft changed since the form was filled (the other version is <see cref="DigestWorkspacePage.Digest"/>).</summary>
    public bool Conflict { get; private set; }

    /// <summary>What the last post did (saved, erratum), after its redirect.</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        Done = done is "saved" or "erratum" ? done : null;
        Form = ComposerForm.From(Digest).WithBlankTranslation();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        var about = Form.Apply(Button);
        var saved = await Digests.SaveAsync(id, Form.ToChange(Digest), Form.Version, ct);
        if (saved.Succeeded) return Redirect($"{EditLink(id)}?done=saved" + (about is { } moved ? $"#item-{moved}" : ""));

        Form.WithBlankTranslation();
        switch (saved.Status)
        {
            case HttpStatusCode.BadRequest or HttpStatusCode.Conflict: // 409: published meanwhile
                Errors = ApiErrors.Of(saved, "status");
                Response.StatusCode = (int)saved.Status;
                break;
            case HttpStatusCode.PreconditionFailed:
                // Digest was read just now: the other person's version. Saving again replaces it with this form.
                Conflict = true;
                Form.Version = Digest.Version;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                Refuse(saved, EditLink(id));
                break;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostErratumAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        var corrected = await Digests.ErratumAsync(id, Erratum, ct);
        if (corrected.Succeeded) return Redirect($"{EditLink(id)}?done=erratum");
        if (corrected.Status is not (HttpStatusCode.BadRequest or HttpStatusCode.Conflict))
        {
            Refuse(corrected, EditLink(id));
            return Page();
        }
        Errors = ApiErrors.Of(corrected, "text");
        Response.StatusCode = (int)corrected.Status;
        return Page();
    }

    /// <summary>Where the error summary links to for an error of <paramref name="field"/> (<c>items[3].link</c>): its input, or its part of the form.</summary>
    public static string InputOf(string field) => field switch
    {
        "title" => "Form_Title",
        "introduction" => "Form_Introduction",
        _ when field.StartsWith("translations", StringComparison.Ordinal) => "translations",
        _ when ItemOf(field) is (var index, var part) => part is "headline" or "summary" or "link" ? $"item-{index}-{part}" : $"item-{index}",
        _ => "composer",
    };

    /// <summary>The place and field of an item's error (<c>items[3].link</c>: 3, link).</summary>
    public static (int Index, string Part)? ItemOf(string field) =>
        field.StartsWith("items[", StringComparison.Ordinal) && field.IndexOf(']') is > 6 and var end &&
        int.TryParse(field[6..end], out var index) ? (index, field[(end + 1)..].TrimStart('.')) : null;
}
