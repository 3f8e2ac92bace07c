using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Pages;

/// <summary>
/// Any address nothing else answers: people get a page in their language with a way on (404); programs asking the
/// APIs' or the services' own addresses keep their problem+json 404.
/// </summary>
public sealed class NotFoundPage : PageModel
{
    /// <summary>Addresses of programs, not of pages: their 404 stays the APIs' problem answer.</summary>
    private static readonly string[] ProgramPaths = ["/api", "/connect", "/openapi", "/health", "/.well-known", "/scalar", "/feeds"];

    public IActionResult OnGet()
    {
        if (ProgramPaths.Any(p => Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return NotFound();
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
