using System.Security.Claims;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>An import's report: what each row did, the rows refused with their field errors, the likely duplicates.</summary>
public sealed class ImportReportPage(DirectoryApi directory, IMemoryCache reports) : WorkspacePage(directory)
{
    /// <summary>How many accepted rows are listed one by one (the counts cover all).</summary>
    public const int AcceptedListed = 200;

    public KeptReport Kept { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (CheckSecretariat() is { } stop) return stop;
        // Kept for its author only, for an hour.
        if (!reports.TryGetValue(ImportPage.CacheKey(id), out KeptReport? kept) || kept!.Author != User.FindFirstValue("sub")) return NotFound();
        Kept = kept;
        return Page();
    }
}
