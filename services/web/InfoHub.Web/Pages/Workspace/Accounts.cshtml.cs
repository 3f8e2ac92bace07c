using System.Net;
using InfoHub.Platform.Security;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// The secretariat's accounts: who has one, open invitations, and inviting someone — a member of an organization
/// (started from that organization's profile) or secretariat staff. The invitation's one-time link is shown once, to be sent on.
/// </summary>
public sealed class AccountsPage(DirectoryApi directory, IdentityApi identity) : WorkspacePage(directory)
{
    public IReadOnlyList<AccountSummary> Accounts { get; private set; } = [];

    /// <summary>The signed-in person's account id: no action on one's own account (the identity service refuses it anyway).</summary>
    public string? Me => User.FindFirst("sub")?.Value;

    /// <summary>The names of the accounts' organizations, as the directory holds them.</summary>
    public IReadOnlyDictionary<Guid, string> OrganizationNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The organization whose member is invited (<c>?organization=</c>, from its profile); none: secretariat staff.</summary>
    public Organization? InviteFor { get; private set; }

    [BindProperty]
    public InviteForm Invite { get; set; } = new();

    /// <summary>The invitation just made: its link is shown this once.</summary>
    public Invitation? Invited { get; private set; }

    /// <summary>The identity service's field errors for the invitation.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>Why an action on an account was refused (the API's own words), or null.</summary>
    public string? ActionRefused { get; private set; }

    /// <summary>What the last action did (revoked, disabled, enabled), after its redirect.</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? organization, string? done, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        Done = done is "revoked" or "disabled" or "enabled" ? done : null;
        Invite = new InviteForm { OrganizationId = organization, Role = organization is null ? Access.Roles.Secretariat : Access.Roles.Member };
        await LoadAsync(organization, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        var role = Invite.OrganizationId is null ? Access.Roles.Secretariat : Access.Roles.Member;
        var invited = await identity.InviteAsync(Invite.Email, Invite.DisplayName, role, Invite.OrganizationId, ct);
        if (invited.Succeeded)
        {
            Invited = invited.Value;
            Invite = new InviteForm { OrganizationId = Invite.OrganizationId, Role = role };
            ModelState.Clear();
        }
        else if (invited.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            Errors = invited.Errors.Count > 0 ? invited.Errors : new Dictionary<string, string[]> { ["email"] = [invited.Detail ?? ""] };
            Response.StatusCode = (int)invited.Status;
        }
        else
        {
            Refuse(invited, "/workspace/accounts");
            return Page();
        }
        await LoadAsync(Invite.OrganizationId, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid account, CancellationToken ct) => ActAsync(identity.RevokeInvitationAsync(account, ct), "revoked", ct);

    public Task<IActionResult> OnPostDisableAsync(Guid account, CancellationToken ct) => ActAsync(identity.DisableAsync(account, ct), "disabled", ct);

    public Task<IActionResult> OnPostEnableAsync(Guid account, CancellationToken ct) => ActAsync(identity.EnableAsync(account, ct), "enabled", ct);

    private async Task<IActionResult> ActAsync<T>(Task<ApiResult<T>> action, string done, CancellationToken ct) where T : class
    {
        if (CheckSecretariat() is { } stop) return stop;
        var result = await action;
        if (result.Succeeded) return Redirect($"/workspace/accounts?done={done}");
        if (result.Status is HttpStatusCode.Conflict or HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            ActionRefused = result.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? result.Detail;
            Response.StatusCode = (int)result.Status;
            await LoadAsync(null, ct);
            return Page();
        }
        Refuse(result, "/workspace/accounts");
        return Page();
    }

    private async Task LoadAsync(Guid? organization, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        if (organization is { } id)
        {
            var read = await Directory.OrganizationAsync(id, ct);
            if (!read.Succeeded) { Refuse(read, "/workspace/accounts"); return; }
            InviteFor = read.Value;
        }
        var accounts = await identity.AccountsAsync(ct);
        if (!accounts.Succeeded) { Refuse(accounts, "/workspace"); return; }
        Accounts = [.. accounts.Value!.OrderBy(a => a.Disabled).ThenBy(a => a.Email, StringComparer.OrdinalIgnoreCase)];
        // The organizations' names from the directory (one read each, the first hundred: the page lists, it does not page yet).
        var names = new Dictionary<Guid, string>();
        foreach (var named in Accounts.Select(a => a.OrganizationId).OfType<Guid>().Distinct().Take(100))
        {
            if ((await Directory.OrganizationAsync(named, ct)).Value is { } o) names[named] = o.Name;
        }
        OrganizationNames = names;
    }

    public IEnumerable<string> ErrorsOf(string field) =>
        Errors.Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).SelectMany(e => e.Value);

    /// <summary>The errors that name no field of the form.</summary>
    public IEnumerable<string> OtherErrors =>
        Errors.Where(e => e.Key is not ("email" or "displayName")).SelectMany(e => e.Value);
}

public sealed class InviteForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Role { get; set; }
    public Guid? OrganizationId { get; set; }
}
