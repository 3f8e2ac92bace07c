using System.Net;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>
/// The digest composer's start: the drafts (the weekly one the schedule prepared, and any the secretariat started),
/// the latest published digests, and drafting one for a period. The news digest drafts it from the period's news.
/// </summary>
public sealed class DigestsWorkspacePage(DirectoryApi directory, DigestApi digests, TimeProvider clock) : WorkspacePage(directory)
{
    public const int Listed = 50;

    /// <summary>The form's fields, by the API's names: their errors are shown beside them.</summary>
    public static readonly string[] FormFields = ["from", "to", "language"];

    public IReadOnlyList<DigestSummary> Drafts { get; private set; } = [];

    public NewsPage<DigestSummary> Published { get; private set; } = null!;

    [BindProperty]
    public DraftForm Draft { get; set; } = new();

    public ApiErrors Errors { get; private set; } = ApiErrors.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        // The last seven days, as the weekly schedule drafts them.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Draft = new DraftForm { From = today.AddDays(-6), To = today, Language = Labels.Language };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        var drafted = await digests.DraftAsync(Draft.From, Draft.To, Draft.Language, ct);
        if (drafted.Succeeded) return Redirect(DigestWorkspacePage.EditLink(drafted.Value!.Id));
        if (drafted.Status != HttpStatusCode.BadRequest)
        {
            Refuse(drafted, DigestWorkspacePage.Path);
            return Page();
        }
        Errors = ApiErrors.Of(drafted, "from");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var drafts = await digests.ListAsync(Digest.Draft, [], Listed, ct);
        if (!drafts.Succeeded) { Refuse(drafts, "/workspace"); return; }
        var published = await digests.ListAsync(Digest.Published, [], Listed, ct);
        if (!published.Succeeded) { Refuse(published, "/workspace"); return; }
        Drafts = drafts.Value!.Items;
        Published = published.Value!;
    }
}

public sealed class DraftForm
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Language { get; set; }
}
