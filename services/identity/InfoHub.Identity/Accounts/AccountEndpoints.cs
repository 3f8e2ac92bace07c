using InfoHub.Identity.Organizations;
using InfoHub.Identity.Revocations;
using InfoHub.Platform.Audit;
using System.ComponentModel.DataAnnotations;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InfoHub.Identity.Accounts;

/// <summary>The secretariat's account management: who has an account, and invitations for new ones.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity").WithTags("Accounts").RequireAuthorization(Access.Secretariat).RejectUnknownQueryParameters();
        group.MapGet("/accounts", ListAsync).WithSummary("Every account, by email").Produces<List<AccountView>>();
        group.MapPost("/invitations", InviteAsync)
            .WithSummary("Invite a member or secretariat staff")
            .WithDescription("Creates the account without a password; the answer carries a one-time link (valid 7 days) where the person sets theirs. " +
                             "A member's organizationId must name an organization the directory holds (400 otherwise).")
            .AcceptsJsonBody(new InvitationInput("amina.diallo@example.org", "Amina Diallo", Access.Roles.Member, Guid.Parse(DemoOrganizationId)))
            .Produces<InvitationView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/invitations/{accountId}", RevokeInvitationAsync)
            .WithSummary("Revoke an open invitation")
            .WithDescription("Removes the invited account before its password is set; the link stops working. An accepted invitation is an account: disable or remove it instead (409).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/accounts/{accountId}/disable", DisableAsync)
            .WithSummary("Disable an account")
            .WithDescription("The person can no longer sign in or refresh tokens, and every access token they hold is refused by every service within seconds. Reversible.")
            .Produces<AccountView>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/accounts/{accountId}/enable", EnableAsync)
            .WithSummary("Enable a disabled account").WithDescription("Tokens issued before it was disabled stay refused; the person signs in again.")
            .Produces<AccountView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/accounts/{accountId}", RemoveAsync)
            .WithSummary("Remove an account")
            .WithDescription("Deletes the account; every access token it holds is refused by every service within seconds. Its audit entries stay.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<AccountView> ViewAsync(UserManager<Account> users, Account account) =>
        new(account.Id, account.Email!, account.DisplayName, [.. await users.GetRolesAsync(account)], account.OrganizationId,
            InvitationPending: !account.EmailConfirmed,
            LockedOut: !account.Disabled && await users.IsLockedOutAsync(account),
            TwoFactor: account.TwoFactorEnabled,
            Disabled: account.Disabled,
            PasswordChangeRequired: await users.AppliesToAsync(account));

    /// <summary>The account named by the route, or the 400/404 to answer.</summary>
    private static async Task<(Account? Account, IResult? Problem)> FindAsync(UserManager<Account> users, string accountId)
    {
        if (!Guid.TryParse(accountId, out var id)) return (null, Problems.Validation("accountId", $"'{accountId}' is not an account id (a UUID)."));
        var account = await users.FindByIdAsync(id.ToString());
        return account is null ? (null, Problems.NotFound($"Account {id}")) : (account, null);
    }

    /// <summary>Refuses to lock the secretariat out: not one's own account, nor the last secretariat account that can sign in.</summary>
    private static async Task<IResult?> GuardAsync(HttpContext http, UserManager<Account> users, Account account, string what)
    {
        if (http.User.FindFirst("sub")?.Value == account.Id.ToString())
        {
            return Problems.Field(StatusCodes.Status409Conflict, "accountId", $"You cannot {what} your own account; ask another secretariat member.");
        }
        if (account.EmailConfirmed && !account.Disabled && await users.IsInRoleAsync(account, Access.Roles.Secretariat)
            && (await users.GetUsersInRoleAsync(Access.Roles.Secretariat)).Count(a => !a.Disabled && a.EmailConfirmed) <= 1)
        {
            return Problems.Field(StatusCodes.Status409Conflict, "accountId", $"This is the last secretariat account that can sign in; invite another before you {what} it.");
        }
        return null;
    }

    private static async Task<IResult> RevokeInvitationAsync(string accountId, HttpContext http, UserManager<Account> users,
        [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var (account, problem) = await FindAsync(users, accountId);
        if (problem is not null) return problem;
        if (account!.EmailConfirmed)
        {
            return Problems.Field(StatusCodes.Status409Conflict, "accountId", $"{account.Email} accepted the invitation already: disable or remove the account instead.");
        }
        var deleted = await users.DeleteAsync(account);
        if (!deleted.Succeeded) throw new InvalidOperationException(string.Join(" ", deleted.Errors.Select(e => e.Description)));
        await audit.RecordAsync(http.User, "account.invitation-revoked", $"account/{account.Id}", account.Email, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DisableAsync(string accountId, HttpContext http, UserManager<Account> users, SubjectRevocations revocations,
        [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var (account, problem) = await FindAsync(users, accountId);
        if (problem is not null) return problem;
        if (!account!.Disabled)
        {
            if (await GuardAsync(http, users, account, "disable") is { } refused) return refused;
            await users.SetLockoutEnabledAsync(account, true);
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(account);
            await revocations.RevokeAsync(account.Id.ToString(), "account-disabled", ct);
            await audit.RecordAsync(http.User, "account.disabled", $"account/{account.Id}", account.Email, ct);
        }
        return TypedResults.Ok(await ViewAsync(users, account));
    }

    private static async Task<IResult> EnableAsync(string accountId, HttpContext http, UserManager<Account> users,
        [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var (account, problem) = await FindAsync(users, accountId);
        if (problem is not null) return problem;
        if (account!.Disabled)
        {
            await users.SetLockoutEndDateAsync(account, null);
            await users.ResetAccessFailedCountAsync(account);
            await audit.RecordAsync(http.User, "account.enabled", $"account/{account.Id}", account.Email, ct);
        }
        return TypedResults.Ok(await ViewAsync(users, account));
    }

    private static async Task<IResult> RemoveAsync(string accountId, HttpContext http, UserManager<Account> users, SubjectRevocations revocations,
        [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var (account, problem) = await FindAsync(users, accountId);
        if (problem is not null) return problem;
        if (await GuardAsync(http, users, account!, "remove") is { } refused) return refused;
        var deleted = await users.DeleteAsync(account!);
        if (!deleted.Succeeded) throw new InvalidOperationException(string.Join(" ", deleted.Errors.Select(e => e.Description)));
        await revocations.RevokeAsync(account!.Id.ToString(), "account-removed", ct);
        await audit.RecordAsync(http.User, "account.removed", $"account/{account.Id}", account.Email, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListAsync(UserManager<Account> users, CancellationToken ct)
    {
        var accounts = await users.Users.OrderBy(a => a.Email).Take(1000).ToListAsync(ct);
        var views = new List<AccountView>(accounts.Count);
        foreach (var account in accounts) views.Add(await ViewAsync(users, account));
        return TypedResults.Ok(views);
    }

    /// <summary>
    /// Creates the account without a password and returns a one-time link (valid <see cref="InvitationLifetime"/>) for the
    /// secretariat to send; the person sets their own password there.
    /// </summary>
    private static async Task<IResult> InviteAsync(HttpContext http, UserManager<Account> users, DirectoryOrganizations organizations, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<InvitationInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var input = body.Value!;

        var errors = new FieldErrors();
        var email = errors.Text("email", input.Email, 254, required: true);
        if (email is not null && !new EmailAddressAttribute().IsValid(email)) errors.Add("email", $"'{email}' is not an email address.");
        var displayName = errors.Text("displayName", input.DisplayName, 200);
        if (input.Role is not (Access.Roles.Member or Access.Roles.Secretariat)) errors.Add("role", "'role' must be \"member\" or \"secretariat\".");
        if (input.Role == Access.Roles.Member && input.OrganizationId is null) errors.Add("organizationId", "A member belongs to an organization: 'organizationId' is required.");
        if (input.Role == Access.Roles.Secretariat && input.OrganizationId is not null) errors.Add("organizationId", "Secretariat accounts belong to no organization.");
        if (input.Role == Access.Roles.Member && input.OrganizationId is { } organization
            && await organizations.GetAsync(organization, ct) is not { Removed: false })
        {
            errors.Add("organizationId", $"The directory holds no organization {organization}: register it there first (or wait a moment if it was just registered).");
        }
        if (errors.Any) return errors.ToProblem();

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return Problems.Field(StatusCodes.Status409Conflict, "email", $"An account for {email} exists already.");
        }
        var account = new Account
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, DisplayName = displayName ?? email!,
            OrganizationId = input.OrganizationId, EmailConfirmed = false,
        };
        var created = await users.CreateAsync(account);
        if (!created.Succeeded) return Problems.Validation("email", string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, input.Role!);

        await audit.RecordAsync(http.User, "account.invited", $"account/{account.Id}", $"{email} as {input.Role}", ct);
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var link = $"{http.Request.Scheme}://{http.Request.Host}{InvitationPage.Path}?email={Uri.EscapeDataString(email!)}&token={Uri.EscapeDataString(token)}";
        return TypedResults.Created($"/api/identity/accounts/{account.Id}", new InvitationView(account.Id, email!, input.Role!, input.OrganizationId, link));
    }

    /// <summary>The example's organization: Amnesty International in the demo directory, so that "try it" works on the embedded hub.</summary>
    private const string DemoOrganizationId = "70398e4d-5b4f-5a43-b838-6871a9969ad3";

    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public sealed record InvitationInput(string? Email, string? DisplayName, string? Role, Guid? OrganizationId);

    public sealed record InvitationView(Guid AccountId, string Email, string Role, Guid? OrganizationId, string InvitationUrl);

    public sealed record AccountView(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganizationId,
        bool InvitationPending, bool LockedOut, bool TwoFactor, bool Disabled, bool PasswordChangeRequired);
}
