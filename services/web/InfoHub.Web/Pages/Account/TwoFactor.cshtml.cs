using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace InfoHub.Web.Pages.Account;

/// <summary>
/// Turning the second factor on (scan the QR code or type the key into an authenticator app, then give its code;
/// the recovery codes are shown once) or off (with a current code).
/// </summary>
public sealed class TwoFactorPage(DirectoryApi directory, AccountApi accounts) : AccountPage(directory, accounts)
{
    public SecondFactorState State { get; private set; } = null!;

    /// <summary>Just turned on: the recovery codes, shown this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>The authenticator link as a QR code (PNG), for the phone's camera; only while the second factor is off.</summary>
    public async Task<IActionResult> OnGetQrAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        if (State.AuthenticatorUri is not { } uri) return NotFound();
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return File(new PngByteQRCode(data).GetGraphic(6), "image/png");
    }

    public async Task<IActionResult> OnPostOnAsync(string? code, string? currentPassword, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        var turnedOn = await Accounts.TurnOnSecondFactorAsync(code, currentPassword, ct);
        if (!turnedOn.Succeeded) return Refused(turnedOn, "code");
        RecoveryCodes = turnedOn.Value!.RecoveryCodes;
        return Page();
    }

    public async Task<IActionResult> OnPostOffAsync(string? code, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } stop) return stop;
        var turnedOff = await Accounts.TurnOffSecondFactorAsync(code, ct);
        return turnedOff.Succeeded ? Redirect($"{Path}?done=two-factor-off") : Refused(turnedOff, "code");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await LoadAccountAsync(ct) is { } stop) return stop;
        var state = await Accounts.SecondFactorAsync(ct);
        if (!state.Succeeded) { Refuse(state, Path); return Page(); }
        State = state.Value!;
        return null;
    }

    /// <summary>The key in groups of four, as people copy it into an app.</summary>
    public static string Grouped(string key) => string.Join(' ', key.Chunk(4).Select(c => new string(c)));
}
