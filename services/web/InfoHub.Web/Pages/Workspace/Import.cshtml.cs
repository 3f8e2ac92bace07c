using System.Net;
using System.Security.Claims;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// Importing organizations or activities into the directory from a CSV or JSON file (the directory's own import: its
/// columns, checks and atomic write). The file goes to the directory as the signed-in secretariat; its report is kept
/// for an hour for the person who sent it and shown at its own address (post, redirect, get), so a reload does not import twice.
/// </summary>
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
public sealed class ImportPage(DirectoryApi directory, DirectoryImports imports, IMemoryCache reports) : WorkspacePage(directory)
{
    /// <summary>The directory takes files up to 32 MB; the form's own fields come on top.</summary>
    public const long MaxUpload = 33 * 1024 * 1024;

    public static readonly TimeSpan ReportKept = TimeSpan.FromHours(1);

    /// <summary>What the directory said of the file as a whole (not of a row), by field: the file, its kind, its size.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The form was sent without a file.</summary>
    public bool MissingFile { get; private set; }

    [BindProperty] public string Kind { get; set; } = "organizations";
    /// <summary>Checked when the form is first shown: a file is checked before it is stored.</summary>
    [BindProperty] public bool DryRun { get; set; }
    [BindProperty] public bool Replace { get; set; }
    [BindProperty] public bool CreateDuplicates { get; set; }

    public IActionResult OnGet()
    {
        DryRun = true;
        return CheckSecretariat() ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        if (file is null || file.Length == 0)
        {
            MissingFile = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var kind = Kind is "activities" ? "activities" : "organizations";
        await using var content = file.OpenReadStream();
        var imported = await imports.ImportAsync(content, file.FileName, file.ContentType, new ImportChoices(kind, DryRun, Replace, CreateDuplicates), ct);
        if (imported.Succeeded)
        {
            var id = Guid.NewGuid();
            reports.Set(CacheKey(id), new KeptReport(User.FindFirstValue("sub"), file.FileName, kind, imported.Value!), ReportKept);
            return Redirect($"/workspace/import/reports/{id}");
        }
        if (imported.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType)
        {
            Errors = imported.Errors.Count > 0 ? imported.Errors : new Dictionary<string, string[]> { ["file"] = [imported.Detail ?? imported.Status.ToString()] };
            Response.StatusCode = (int)imported.Status;
            return Page();
        }
        Refuse(imported, "/workspace/import");
        return Page();
    }

    internal static string CacheKey(Guid id) => $"import-report:{id}";
}

/// <summary>An import's report as kept for its author.</summary>
public sealed record KeptReport(string? Author, string FileName, string Kind, ImportReport Report);
