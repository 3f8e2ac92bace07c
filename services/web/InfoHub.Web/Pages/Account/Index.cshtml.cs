using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Account;

/// <summary>
/// The signed-in person's account: who they are and for which organization, their interface language (kept in the
/// account, so every device they sign in on speaks it), their password, and whether a second factor protects it.
/// </summary>
public sealed class AccountHome(DirectoryApi directory, AccountApi accounts) : AccountPage(directory, accounts)
{
    public string? OrganizationName { get; private set; }

    [BindProperty]
    public PasswordForm Password { get; set; } = new();

    /// <summary>What the last change did (<c>password</c>, <c>language</c>, <c>two-factor-off</c>), after its redirect.</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        Done = done is "password" or "language" or "two-factor-off" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (!string.IsNullOrEmpty(Password.NewPassword) && Password.NewPassword != Password.ConfirmPassword)
        {
            Errors = new ApiErrors(new Dictionary<string, string[]> { ["confirmPassword"] = ["The new password and its confirmation differ."] });
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var changed = await Accounts.ChangePasswordAsync(Password.CurrentPassword, Password.NewPassword, ct);
        return changed.Succeeded ? Redirect($"{Path}?done=password") : Refused(changed, "currentPassword");
    }

    public async Task<IActionResult> OnPostLanguageAsync(string? language, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (!InterfaceLanguage.IsSpoken(language))
        {
            Errors = new ApiErrors(new Dictionary<string, string[]> { ["language"] = ["Choose one of the languages below."] });
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var saved = await Accounts.SetLanguageAsync(language!, ct);
        if (!saved.Succeeded) return Refused(saved, "language");
        InterfaceLanguage.Remember(HttpContext, language!);
        return Redirect($"{Path}?done=language");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await LoadAccountAsync(ct) is { } stop) return stop;
        if (Account.OrganizationId is { } id && await Directory.OrganizationAsync(id, ct) is { Succeeded: true } organization)
        {
            OrganizationName = organization.Value!.Name;
        }
        return null;
    }

    public sealed class PasswordForm
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }
}
