using System.Net;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Pages;

/// <summary>
/// A portal page: reads the directory through its API, names codes in the reader's language, and turns any refusal
/// (a bad query, a missing organization, a service that does not answer) into a message on the page with its status.
/// </summary>
public abstract class PortalPage(DirectoryApi directory) : PageModel
{
    protected DirectoryApi Directory => directory;

    public Labels Labels { get; private set; } = null!;

    /// <summary>Set when the page could not be read: shown instead of its content.</summary>
    public ApiRefusal? Refusal { get; private set; }

    /// <summary>Reads the vocabularies and situations the page names codes with (both kept a while); false (and <see cref="Refusal"/> set) when they could not be read.</summary>
    protected async Task<bool> LoadLabelsAsync(CancellationToken ct)
    {
        var vocabularies = await directory.VocabulariesAsync(ct);
        if (!vocabularies.Succeeded) return Refuse(vocabularies);
        var situations = await directory.SituationNamesAsync(ct);
        if (!situations.Succeeded) return Refuse(situations);
        Labels = new Labels(vocabularies.Value!, situations.Value!.Items.ToDictionary(s => s.Id));
        return true;
    }

    /// <summary>Lets the page's API calls that follow run side by side (<see cref="SignedInCaller.KeepTokenAsync"/>).</summary>
    protected Task SideBySideAsync() => SignedInCaller.KeepTokenAsync(HttpContext);

    /// <summary>Shows <paramref name="result"/>'s refusal with its status; always false, so a handler can <c>return Refuse(…)</c> from a check.</summary>
    protected bool Refuse<T>(ApiResult<T> result, string back = "/") where T : class
    {
        Refusal = ApiRefusal.From(result.Status, result.Detail, result.Errors, back);
        Response.StatusCode = (int)Refusal.Status;
        return false;
    }
}

/// <summary>Why a page shows no content: a title and explanation (interface texts, translated), and the API's own details.</summary>
public sealed record ApiRefusal(HttpStatusCode Status, string Title, string Explanation, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string Back)
{
    /// <summary>The refusal is the whole page (a profile or situation that could not be read): its title is the page's heading.</summary>
    public bool Standalone { get; init; }

    public static ApiRefusal From(HttpStatusCode status, string? detail, IReadOnlyDictionary<string, string[]> errors, string back) => status switch
    {
        HttpStatusCode.NotFound => new(status, "Not found", "The directory holds nothing at this address.", detail, errors, back),
        HttpStatusCode.BadRequest => new(status, "The request is not understood",
            "Some of the terms in this address are not ones the directory knows. Check them, or start the search again.", detail, errors, back),
        // A signed-in person's token refused: revoked, or the account disabled since the page before.
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new(status, "Sign in again",
            "The hub no longer accepts your sign-in. Sign in again, or ask the secretariat whether your account is still active.", detail, errors, back),
        HttpStatusCode.TooManyRequests => new(status, "Too many requests", "The hub is receiving too many requests from you; wait a minute and try again.", detail, errors, back),
        _ => new(HttpStatusCode.ServiceUnavailable, "The directory does not answer", "The directory service is not reachable just now; try again in a moment.", null, errors, back),
    };
}
