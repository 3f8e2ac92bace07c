using System.Net;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// The agenda watch: the situations the network monitors that the Security Council has not taken up for a number of
/// days (the service's default unless the secretariat asks for another), longest neglected first, and apart from them
/// those the Council is about to take up again. Members asked the secretariat to notice what is not on the agenda.
/// </summary>
public sealed class AgendaWatchPage(DirectoryApi directory, NewsApi news) : WorkspacePage(directory)
{
    public const string Path = "/workspace/agenda-watch";

    /// <summary>The service's message for a refused number of days, shown in the reader's language.</summary>
    public static readonly string[] Messages = ["'days' must be a whole number from 1 to 730."];

    /// <summary>The number of days as typed (kept when the service refuses it).</summary>
    public string? Days { get; private set; }

    public AgendaWatchReport? Report { get; private set; }

    public ApiErrors Errors { get; private set; } = ApiErrors.None;

    public async Task<IActionResult> OnGetAsync(string? days, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        Days = string.IsNullOrWhiteSpace(days) ? null : days.Trim();
        var read = await news.AgendaWatchAsync(Days, ct);
        if (read.Succeeded) Report = read.Value;
        else if (read.Status == HttpStatusCode.BadRequest)
        {
            Errors = ApiErrors.Of(read, "days");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else Refuse(read, Path);
        return Page();
    }
}
