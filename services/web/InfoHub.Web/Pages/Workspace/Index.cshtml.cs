using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>The secretariat's workspace: where its tasks start.</summary>
public sealed class WorkspaceHome(DirectoryApi directory) : WorkspacePage(directory)
{
    public IActionResult OnGet() => CheckSecretariat() ?? Page();
}
