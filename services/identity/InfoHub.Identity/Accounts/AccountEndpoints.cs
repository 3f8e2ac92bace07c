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
            .WithDescription("Creates the account without a password; the answer carries a one-time link (valid 7 days) where the person sets theirs.")
            .AcceptsJsonBody(new InvitationInput("amina.diallo@example.org", "Amina Diallo", Access.Roles.Member, Guid.Parse("0197a3c2-5e1f-7b4d-9a60-3f2e8c1d4b57")))
            .Produces<InvitationView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ListAsync(UserManager<Account> users, CancellationToken ct)
    {
        var accounts = await users.Users.OrderBy(a => a.Email).Take(1000).ToListAsync(ct);
        var views = new List<AccountView>(accounts.Count);
        foreach (var account in accounts)
        {
            views.Add(new AccountView(
                account.Id, account.Email!, account.DisplayName, [.. await users.GetRolesAsync(account)], account.OrganizationId,
                InvitationPending: !account.EmailConfirmed,
                LockedOut: await users.IsLockedOutAsync(account),
                TwoFactor: account.TwoFactorEnabled));
        }
        return TypedResults.Ok(views);
    }

    /// <summary>
    /// Creates the account without a password and returns a one-time link (valid <see cref="InvitationLifetime"/>) for the
    /// secretariat to send; the person sets their own password there.
    /// </summary>
    private static async Task<IResult> InviteAsync(HttpContext http, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
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

    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public sealed record InvitationInput(string? Email, string? DisplayName, string? Role, Guid? OrganizationId);

    public sealed record InvitationView(Guid AccountId, string Email, string Role, Guid? OrganizationId, string InvitationUrl);

    public sealed record AccountView(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganizationId,
        bool InvitationPending, bool LockedOut, bool TwoFactor);
}
