using InfoHub.Platform.Security;
using System.Text.Json;
using InfoHub.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace InfoHub.Identity.Bootstrap;

/// <summary>Client-credentials clients: partner systems, or the secretariat's automation. The role travels in the client's properties.</summary>
public static class MachineClients
{
    private const string RoleProperty = "infohub_role";

    public static async Task SaveAsync(IOpenIddictApplicationManager applications, ClientSettings client, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.DisplayName ?? client.ClientId,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + IdentityExtensions.Audience },
            Properties = { [RoleProperty] = JsonSerializer.SerializeToElement(client.Role) },
        };
        if (await applications.FindByClientIdAsync(client.ClientId, ct) is { } existing) await applications.UpdateAsync(existing, descriptor, ct);
        else await applications.CreateAsync(descriptor, ct);
    }

    /// <summary>The client's role; partner unless the deployment declared otherwise.</summary>
    public static async Task<string> RoleAsync(IOpenIddictApplicationManager applications, object application, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(RoleProperty, out var role) && role.GetString() is Access.Roles.Secretariat ? Access.Roles.Secretariat : Access.Roles.Partner;
    }
}
