using System.Security.Claims;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace InfoHub.Identity.Accounts;

/// <summary>
/// A person's own account, for the portal's account page (or any client a person signs in to): who they are, their
/// password, their second factor and their language. Members and the secretariat reach only the account their
/// token names; a machine client has none (404).
/// </summary>
public static class OwnAccountEndpoints
{
    /// <summary>The account's interface language, kept as a claim of the account (no new column) and put in its tokens as OpenID Connect's <c>locale</c>.</summary>
    public const string LocaleClaim = "locale";

    public static readonly string[] Languages = ["en", "fr", "es"];

    public static IEndpointRouteBuilder MapOwnAccount(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/me").WithTags("Your account").RequireAuthorization(Access.Members).RejectUnknownQueryParameters();
        group.MapGet("/", ReadAsync).WithSummary("Your account").Produces<OwnAccountView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/password", ChangePasswordAsync)
            .WithSummary("Change your password")
            .WithDescription("Needs the current password. Wrong current passwords count towards the account's lockout, as at sign-in.")
            .AcceptsJsonBody(new PasswordInput("the current one", "a new one of 12 characters or more"))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        group.MapGet("/two-factor", TwoFactorAsync)
            .WithSummary("Your second factor")
            .WithDescription("Whether it is on; when it is off, the authenticator key (created the first time it is asked for) and the otpauth:// link to add to an app.")
            .Produces<TwoFactorView>();
        group.MapPost("/two-factor", TurnOnAsync)
            .WithSummary("Turn the second factor on")
            .WithDescription("With the app's current code and the account's password. The answer holds ten recovery codes, each usable once; they are not shown again.")
            .AcceptsJsonBody(new TurnOnInput("123456", "the current one"))
            .Produces<RecoveryCodesView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/two-factor/disable", TurnOffAsync)
            .WithSummary("Turn the second factor off")
            .WithDescription("With the app's current code; the key is forgotten, and turning it on again gives a new one.")
            .AcceptsJsonBody(new CodeInput("123456"))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/language", SetLanguageAsync)
            .WithSummary("Set your interface language")
            .WithDescription("`en`, `fr` or `es`. Tokens issued from then on carry it as `locale`, so every device you sign in on speaks it.")
            .AcceptsJsonBody(new LanguageInput("fr"))
            .Produces<OwnAccountView>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ReadAsync(HttpContext http, UserManager<Account> users) =>
        await FindAsync(http.User, users) is { } account ? TypedResults.Ok(await ViewAsync(users, account)) : NoAccount();

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (await FindAsync(http.User, users) is not { } account) return NoAccount();
        var body = await JsonBody.ReadAsync<PasswordInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var input = body.Value!;
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(input.CurrentPassword)) errors.Add("currentPassword", "Give your current password.");
        if (string.IsNullOrEmpty(input.NewPassword)) errors.Add("newPassword", "Give the new password.");
        else if (input.NewPassword == input.CurrentPassword) errors.Add("newPassword", "Choose a new password, not the current one.");
        if (errors.Any) return errors.ToProblem();

        if (await CheckCurrentPasswordAsync(users, account, input.CurrentPassword) is { } wrong) return wrong;
        var changed = await users.ChangePasswordAsync(account, input.CurrentPassword!, input.NewPassword!);
        if (!changed.Succeeded) return Problems.Validation("newPassword", string.Join(" ", changed.Errors.Select(e => e.Description)));
        await audit.RecordAsync(http.User, "account.password-changed", $"account/{account.Id}", null, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Null when <paramref name="password"/> is the account's; else the 400 to answer. Wrong ones count towards the
    /// lockout, as at sign-in, so that a stolen session cannot guess its way to the account's settings.
    /// </summary>
    private static async Task<IResult?> CheckCurrentPasswordAsync(UserManager<Account> users, Account account, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Problems.Validation("currentPassword", "Give your current password.");
        if (await users.IsLockedOutAsync(account)) return Problems.Validation("currentPassword", LockedOut);
        if (!await users.CheckPasswordAsync(account, password))
        {
            await users.AccessFailedAsync(account);
            return Problems.Validation("currentPassword", await users.IsLockedOutAsync(account) ? LockedOut : "That is not your current password.");
        }
        await users.ResetAccessFailedCountAsync(account);
        return null;
    }

    private static async Task<IResult> TwoFactorAsync(HttpContext http, UserManager<Account> users)
    {
        if (await FindAsync(http.User, users) is not { } account) return NoAccount();
        if (account.TwoFactorEnabled) return TypedResults.Ok(new TwoFactorView(true, null, null, await users.CountRecoveryCodesAsync(account)));
        var key = await SecondFactor.KeyAsync(users, account);
        return TypedResults.Ok(new TwoFactorView(false, key, SecondFactor.AuthenticatorUri(account, key), 0));
    }

    private static async Task<IResult> TurnOnAsync(HttpContext http, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (await FindAsync(http.User, users) is not { } account) return NoAccount();
        var body = await JsonBody.ReadAsync<TurnOnInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        if (account.TwoFactorEnabled) return Problems.Field(StatusCodes.Status409Conflict, "code", "Your second factor is on already.");
        // A session someone else holds must not bind the account to their phone: the password confirms it is its owner.
        if (await CheckCurrentPasswordAsync(users, account, body.Value!.CurrentPassword) is { } wrong) return wrong;
        return await SecondFactor.TurnOnAsync(users, account, body.Value.Code, audit, ct) is { } recovery
            ? TypedResults.Ok(new RecoveryCodesView(recovery))
            : Problems.Validation("code", SecondFactor.WrongCode);
    }

    private static async Task<IResult> TurnOffAsync(HttpContext http, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (await FindAsync(http.User, users) is not { } account) return NoAccount();
        var body = await JsonBody.ReadAsync<CodeInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        if (!account.TwoFactorEnabled) return Problems.Field(StatusCodes.Status409Conflict, "code", "Your second factor is off already.");
        return await SecondFactor.TurnOffAsync(users, account, body.Value!.Code, audit, ct) ? TypedResults.NoContent() : Problems.Validation("code", SecondFactor.WrongCode);
    }

    private static async Task<IResult> SetLanguageAsync(HttpContext http, UserManager<Account> users, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (await FindAsync(http.User, users) is not { } account) return NoAccount();
        var body = await JsonBody.ReadAsync<LanguageInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var language = body.Value!.Language;
        if (language is null || !Languages.Contains(language, StringComparer.Ordinal))
        {
            return Problems.Validation("language", $"'language' must be one of {string.Join(", ", Languages.Select(l => $"\"{l}\""))}.");
        }
        var old = (await users.GetClaimsAsync(account)).FirstOrDefault(c => c.Type == LocaleClaim);
        if (old?.Value != language)
        {
            var saved = old is null ? await users.AddClaimAsync(account, new Claim(LocaleClaim, language))
                : await users.ReplaceClaimAsync(account, old, new Claim(LocaleClaim, language));
            if (!saved.Succeeded) throw new InvalidOperationException(string.Join(" ", saved.Errors.Select(e => e.Description)));
            await audit.RecordAsync(http.User, "account.language-set", $"account/{account.Id}", language, ct);
        }
        return TypedResults.Ok(await ViewAsync(users, account));
    }

    /// <summary>The account's language, if the person chose one.</summary>
    public static async Task<string?> LanguageAsync(this UserManager<Account> users, Account account) =>
        (await users.GetClaimsAsync(account)).FirstOrDefault(c => c.Type == LocaleClaim)?.Value;

    private static async Task<Account?> FindAsync(ClaimsPrincipal user, UserManager<Account> users) =>
        Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? await users.FindByIdAsync(id.ToString()) : null;

    private static IResult NoAccount() => Problems.NotFound("An account for this token (a machine client has none)");

    private static async Task<OwnAccountView> ViewAsync(UserManager<Account> users, Account account) =>
        new(account.Id, account.Email!, account.DisplayName, [.. await users.GetRolesAsync(account)], account.OrganizationId,
            account.TwoFactorEnabled, await users.LanguageAsync(account));

    private const string LockedOut = "Too many wrong passwords: the account is locked for 15 minutes.";

    public sealed record PasswordInput(string? CurrentPassword, string? NewPassword);

    public sealed record CodeInput(string? Code);

    public sealed record TurnOnInput(string? Code, string? CurrentPassword);

    public sealed record LanguageInput(string? Language);

    public sealed record OwnAccountView(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? OrganizationId, bool TwoFactor, string? Language);

    public sealed record TwoFactorView(bool Enabled, string? Key, string? AuthenticatorUri, int RecoveryCodesLeft);

    public sealed record RecoveryCodesView(IReadOnlyList<string> RecoveryCodes);
}
