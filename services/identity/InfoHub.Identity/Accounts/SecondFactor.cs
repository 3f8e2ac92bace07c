using InfoHub.Platform.Audit;
using Microsoft.AspNetCore.Identity;

namespace InfoHub.Identity.Accounts;

/// <summary>
/// The optional second factor (an authenticator app, TOTP), the same whether it is turned on from the identity
/// service's own page or from the portal's account page through the API: a code from the app turns it on (and gives
/// recovery codes) and off, and both are audited.
/// </summary>
public static class SecondFactor
{
    /// <summary>The account's authenticator key (base32), created the first time it is asked for.</summary>
    public static async Task<string> KeyAsync(UserManager<Account> users, Account account)
    {
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (!string.IsNullOrEmpty(key)) return key;
        await users.ResetAuthenticatorKeyAsync(account);
        return (await users.GetAuthenticatorKeyAsync(account))!;
    }

    /// <summary>The <c>otpauth://</c> link authenticator apps read (from a QR code or a tap on the phone).</summary>
    public static string AuthenticatorUri(Account account, string key) =>
        $"otpauth://totp/InfoHub:{Uri.EscapeDataString(account.Email!)}?secret={key}&issuer=InfoHub&digits=6";

    /// <summary>Turns the second factor on when <paramref name="code"/> is the app's current code: the recovery codes, or null.</summary>
    public static async Task<IReadOnlyList<string>?> TurnOnAsync(UserManager<Account> users, Account account, string? code, AuditTrail audit, CancellationToken ct)
    {
        if (!await IsCurrentCodeAsync(users, account, code)) return null;
        await users.SetTwoFactorEnabledAsync(account, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10) ?? [];
        await audit.RecordAsync(Actors.Of(account), "account.two-factor-enabled", $"account/{account.Id}", null, ct);
        return [.. recovery];
    }

    /// <summary>Turns the second factor off (and forgets the key) when <paramref name="code"/> is the app's current code.</summary>
    public static async Task<bool> TurnOffAsync(UserManager<Account> users, Account account, string? code, AuditTrail audit, CancellationToken ct)
    {
        if (!await IsCurrentCodeAsync(users, account, code)) return false;
        await users.SetTwoFactorEnabledAsync(account, false);
        await users.ResetAuthenticatorKeyAsync(account);
        await audit.RecordAsync(Actors.Of(account), "account.two-factor-disabled", $"account/{account.Id}", null, ct);
        return true;
    }

    public const string WrongCode = "That code is not right; check the app's clock and try the current code.";

    // Apps show the six digits as "123 456"; some people type "123-456".
    private static Task<bool> IsCurrentCodeAsync(UserManager<Account> users, Account account, string? code) =>
        users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider,
            (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
}
