using InfoHub.Platform.Audit;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using InfoHub.Identity.Bootstrap;
using InfoHub.Identity.Revocations;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;

namespace InfoHub.Identity.Clients;

/// <summary>The secretariat's management of machine clients: partner coalitions' systems and its own automation.</summary>
public static partial class ClientEndpoints
{
    public static IEndpointRouteBuilder MapClients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/clients").WithTags("Clients").RequireAuthorization(Access.Secretariat).RejectUnknownQueryParameters();
        group.MapGet("/", ListAsync).WithSummary("The machine clients").Produces<List<ClientView>>();
        group.MapPost("/", CreateAsync)
            .WithSummary("Create a machine client").WithDescription("The answer shows its secret this once; only a hash of it is kept.")
            .AcceptsJsonBody(new ClientInput("coalition-sync", "Partner coalition's synchronization", Access.Roles.Partner))
            .Produces<CreatedClient>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{clientId}", DeleteAsync)
            .WithSummary("Delete a machine client").WithDescription("Its access tokens are refused by every service within seconds, not when they expire.").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var clients = new List<ClientView>();
        await foreach (var application in applications.ListAsync(count: 1000, offset: 0, ct))
        {
            if (await applications.GetClientTypeAsync(application, ct) != OpenIddictConstants.ClientTypes.Confidential) continue;
            clients.Add(new ClientView(
                (await applications.GetClientIdAsync(application, ct))!,
                await applications.GetDisplayNameAsync(application, ct),
                await MachineClients.RoleAsync(applications, application, ct)));
        }
        return TypedResults.Ok(clients.OrderBy(c => c.ClientId).ToList());
    }

    /// <summary>Creates the client and returns its secret this once; only a hash of it is kept.</summary>
    private static async Task<IResult> CreateAsync(HttpContext http, IOpenIddictApplicationManager applications, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ClientInput>(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var input = body.Value!;

        var errors = new FieldErrors();
        if (input.ClientId is null || !ClientIdPattern().IsMatch(input.ClientId))
            errors.Add("clientId", "'clientId' must be 3 to 64 lower-case letters, digits or hyphens, starting with a letter or digit.");
        var displayName = errors.Text("displayName", input.DisplayName, 200, required: true);
        var role = input.Role ?? Access.Roles.Partner;
        if (role is not (Access.Roles.Partner or Access.Roles.Secretariat)) errors.Add("role", "'role' must be \"partner\" or \"secretariat\".");
        if (errors.Any) return errors.ToProblem();

        if (await applications.FindByClientIdAsync(input.ClientId!, ct) is not null)
        {
            return Problems.Field(StatusCodes.Status409Conflict, "clientId", $"A client {input.ClientId} exists already.");
        }
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await MachineClients.SaveAsync(applications, new ClientSettings { ClientId = input.ClientId!, Secret = secret, Role = role, DisplayName = displayName }, ct);
        await audit.RecordAsync(http.User, "client.created", $"client/{input.ClientId}", $"{displayName} as {role}", ct);
        return TypedResults.Created($"/api/identity/clients/{input.ClientId}", new CreatedClient(input.ClientId!, displayName!, role, secret));
    }

    private static async Task<IResult> DeleteAsync(string clientId, HttpContext http, IOpenIddictApplicationManager applications, SubjectRevocations revocations, [FromKeyedServices(IdentityExtensions.Service)] AuditTrail audit, CancellationToken ct)
    {
        if (clientId == IdentityBootstrap.WebClientId)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "clientId", "The web client cannot be deleted.");
        }
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null) return Problems.NotFound($"Client {clientId}");
        await applications.DeleteAsync(application, ct);
        // Its tokens stop working everywhere now, not when they expire.
        await revocations.RevokeAsync(clientId, "client-deleted", ct);
        await audit.RecordAsync(http.User, "client.deleted", $"client/{clientId}", null, ct);
        return TypedResults.NoContent();
    }

    public sealed record ClientInput(string? ClientId, string? DisplayName, string? Role);

    public sealed record ClientView(string ClientId, string? DisplayName, string Role);

    public sealed record CreatedClient(string ClientId, string DisplayName, string Role, string ClientSecret);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex ClientIdPattern();
}
