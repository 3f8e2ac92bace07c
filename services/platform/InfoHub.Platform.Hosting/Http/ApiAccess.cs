using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace InfoHub.Platform.Http;

/// <summary>
/// The token schemes of every document, and each operation's requirement read from its endpoint's own policy: an
/// operation that needs a policy requires a token (with the roles the policy admits), a public one requires none.
/// </summary>
internal static class ApiAccess
{
    public const string Bearer = "bearer";
    public const string OAuth2 = "oauth2";

    /// <summary>The scope every InfoHub access token is requested with.</summary>
    private const string Scope = "infohub";

    public static IEnumerable<(string Name, IOpenApiSecurityScheme Scheme)> Schemes(AuthOptions auth)
    {
        // The hub's identity service answers on the issuer's address (the gateway); relative when it runs in this process.
        Uri At(string path) => auth.Authority is { } issuer ? new Uri(issuer, path) : new Uri("/" + path, UriKind.Relative);

        yield return (Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"An access token for the audience '{auth.Audience}', from the hub's identity service (POST /connect/token) or the configured provider. " +
                          "An invalid or expired token gets 401 on every operation, public ones included.",
        });
        yield return (OAuth2, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "The hub's identity service: client credentials for partner systems and automation, authorization code with PKCE for people.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = At("connect/token"),
                    Scopes = new Dictionary<string, string> { [Scope] = "Call the InfoHub API" },
                },
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = At("connect/authorize"),
                    TokenUrl = At("connect/token"),
                    Scopes = new Dictionary<string, string> { [Scope] = "Call the InfoHub API", ["openid"] = "Sign in" },
                },
            },
        });
    }

    /// <summary>The roles an endpoint's policies admit, or null for a public endpoint.</summary>
    public static async Task<IReadOnlyList<string>?> RolesAsync(IList<object> metadata, IServiceProvider services)
    {
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any()) return null;
        var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(), authorize);
        return policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
    }
}

/// <summary>Adds each operation's token requirement and the 401/403 answers that go with it.</summary>
internal sealed class AccessOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var roles = await ApiAccess.RolesAsync(context.Description.ActionDescriptor.EndpointMetadata, context.ApplicationServices);
        var problem = await ApiSchemas.ReferenceAsync(typeof(ProblemDetails), context, ct);
        operation.Responses ??= new OpenApiResponses();
        if (roles is null)
        {
            operation.Responses.TryAdd("401", Problem(problem, "A bearer token was sent and is invalid or expired (public data needs none)."));
            return;
        }
        // OpenAPI 3.1 lets a non-OAuth requirement list the roles it needs.
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiAccess.Bearer, context.Document)] = [.. roles] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiAccess.OAuth2, context.Document)] = ["infohub"] },
        ];
        var who = roles.Count > 0 ? $"Requires an access token with the role {string.Join(" or ", roles)}." : "Requires an access token.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
        operation.Responses.TryAdd("401", Problem(problem, "No bearer token, or an invalid or expired one."));
        operation.Responses.TryAdd("403", Problem(problem, "The token's role (or organization) does not allow this."));
    }

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };
}
