using InfoHub.Platform.Security;
using System.Security.Cryptography;
using InfoHub.Identity.Accounts;
using InfoHub.Identity.Revocations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace InfoHub.Identity.Bootstrap;

/// <summary>
/// On start: creates the schema, the roles, the web UI's client, and — when none exists yet — the first secretariat
/// account with a one-time password, printed once and kept in a file only its owner can read.
/// </summary>
internal sealed partial class IdentityBootstrap(
    IServiceScopeFactory scopes,
    IOptions<IdentityServiceOptions> settings,
    IOptions<InfoHub.Platform.Storage.StorageOptions> storage,
    ILogger<IdentityBootstrap> logger) : IHostedService
{
    public const string WebClientId = "infohub-web";
    public const string DemoPartnerClientId = "demo-partner";

    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IdentityDb>().Database.EnsureCreatedAsync(ct);

        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { Access.Roles.Member, Access.Roles.Secretariat })
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        }

        await services.GetRequiredService<SubjectRevocations>().LoadAsync(ct);
        await EnsureWebClientAsync(services.GetRequiredService<IOpenIddictApplicationManager>(), ct);
        await EnsureFirstSecretariatAsync(services.GetRequiredService<UserManager<Account>>());
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        if (settings.Value.DemoData)
        {
            await EnsureDemoPartnerAsync(applications, ct);
            await EnsureDemoMemberAsync(services.GetRequiredService<UserManager<Account>>());
        }
        foreach (var client in settings.Value.Clients) await MachineClients.SaveAsync(applications, client, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task EnsureWebClientAsync(IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = WebClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "InfoHub web",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + IdentityExtensions.Audience,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in settings.Value.WebClientRedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
        foreach (var uri in settings.Value.WebClientPostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri));

        // Kept in step with configuration on every start (redirect URIs change with the deployment's address).
        if (await applications.FindByClientIdAsync(WebClientId, ct) is { } existing) await applications.UpdateAsync(existing, descriptor, ct);
        else await applications.CreateAsync(descriptor, ct);
    }

    private async Task EnsureFirstSecretariatAsync(UserManager<Account> users)
    {
        if ((await users.GetUsersInRoleAsync(Access.Roles.Secretariat)).Count > 0)
        {
            await RequireChangeOfAnUnchangedOneTimePasswordAsync(users);
            return;
        }

        var email = settings.Value.BootstrapEmail;
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
        var account = new Account { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Secretariat" };
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded) throw new InvalidOperationException("Could not create the first secretariat account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, Access.Roles.Secretariat);
        // Printed and kept in a file: good for one sign-in, which leads straight to choosing a password of one's own.
        await users.RequirePasswordChangeAsync(account);

        var file = Path.Combine(storage.Value.DataDirectory, "first-secretariat-account.txt");
        await File.WriteAllTextAsync(file, $"email: {email}\npassword: {password}\nSign in at /account/login: you will be asked to replace this one-time password before anything else. Then delete this file.\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LogFirstSecretariat(email, password, Path.GetFullPath(file));
    }

    /// <summary>
    /// A deployment started before the change was required: if the one-time password in the file still opens the
    /// first secretariat account, that account too must replace it at its next sign-in.
    /// </summary>
    private async Task RequireChangeOfAnUnchangedOneTimePasswordAsync(UserManager<Account> users)
    {
        var file = Path.Combine(storage.Value.DataDirectory, "first-secretariat-account.txt");
        if (!File.Exists(file)) return;
        var line = (await File.ReadAllLinesAsync(file)).FirstOrDefault(l => l.StartsWith("password: ", StringComparison.Ordinal));
        if (line is null || await users.FindByEmailAsync(settings.Value.BootstrapEmail) is not { } account) return;
        if (await users.AppliesToAsync(account) || !await users.CheckPasswordAsync(account, line["password: ".Length..].Trim())) return;
        await users.RequirePasswordChangeAsync(account);
    }

    private async Task EnsureDemoPartnerAsync(IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        if (await applications.FindByClientIdAsync(DemoPartnerClientId, ct) is not null) return;
        await MachineClients.SaveAsync(applications, new ClientSettings
        {
            ClientId = DemoPartnerClientId, Secret = "demo-partner-secret", Role = Access.Roles.Partner, DisplayName = "Demo partner coalition (demo data)",
        }, ct);
        LogDemoPartner(DemoPartnerClientId);
    }

    private async Task EnsureDemoMemberAsync(UserManager<Account> users)
    {
        var demo = settings.Value.DemoMember;
        if (demo.OrganizationId is null || await users.FindByEmailAsync(demo.Email) is not null) return;
        var account = new Account
        {
            Id = Guid.CreateVersion7(), UserName = demo.Email, Email = demo.Email, EmailConfirmed = true,
            DisplayName = "Demo member (invented, demo data)", OrganizationId = demo.OrganizationId,
        };
        var created = await users.CreateAsync(account, demo.Password);
        if (!created.Succeeded) throw new InvalidOperationException("Could not create the demo member: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, Access.Roles.Member);
        LogDemoMember(demo.Email, demo.OrganizationId.Value);
    }

    [LoggerMessage(LogLevel.Information, "Demo member {Email} created for organization {OrganizationId} (demo data only)")]
    private partial void LogDemoMember(string email, Guid organizationId);

    [LoggerMessage(LogLevel.Warning, "First secretariat account created: {Email} with one-time password {Password} (also in {File}). Sign in at /account/login: it must be replaced at first sign-in.")]
    private partial void LogFirstSecretariat(string email, string password, string file);

    [LoggerMessage(LogLevel.Information, "Demo partner client {ClientId} created (secret: demo-partner-secret; demo data only)")]
    private partial void LogDemoPartner(string clientId);
}
