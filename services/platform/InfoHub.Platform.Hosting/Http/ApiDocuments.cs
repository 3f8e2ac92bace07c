using InfoHub.Platform.Hosting;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace InfoHub.Platform.Http;

/// <summary>
/// What a service's OpenAPI document describes: the service's public API, the paths under
/// <see cref="PathPrefix"/> that the gateway routes to it.
/// </summary>
/// <param name="Service">The service's name, which names its document: <c>/openapi/{service}.json</c>.</param>
public sealed record ApiDocument(string Service, string Title, string Description, string PathPrefix)
{
    /// <summary>Operator endpoints (<c>/admin</c>), health and sign-in pages lie outside every prefix, so outside every document.</summary>
    public bool Includes(ApiDescription description)
    {
        var path = "/" + description.RelativePath?.TrimStart('/');
        return path == PathPrefix || path.StartsWith(PathPrefix + "/", StringComparison.Ordinal);
    }
}

/// <summary>
/// Every service publishes an OpenAPI 3.1 document of its API at <see cref="Route"/>, on its own port and through the
/// gateway (which also serves an API reference over all of them). Schemas come from the endpoints' declared results
/// and bodies; the transformers add what the endpoints cannot say for themselves: who may call each operation, the
/// token schemes, request examples, and a server entry that holds through the gateway.
/// </summary>
public static class ApiDocuments
{
    public const string Route = "/openapi/{documentName}.json";

    public static string PathOf(string service) => $"/openapi/{service}.json";

    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder, ApiDocument document)
    {
        builder.Services.AddDefaultEndpoints<DocumentEndpoint>();
        builder.Services.AddOpenApi(document.Service, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.ShouldInclude = document.Includes;
            o.AddDocumentTransformer(new ServiceDocumentTransformer(document));
            o.AddOperationTransformer<AccessOperationTransformer>();
            o.AddOperationTransformer<BodyOperationTransformer>();
        });
        return builder;
    }

    /// <summary><see cref="Route"/>, mapped once for every document the process holds (the embedded host holds all five).</summary>
    private sealed class DocumentEndpoint : IDefaultEndpoints
    {
        public void Map(WebApplication app) => app.MapOpenApi(Route).AllowAnonymous();
    }

    /// <summary>Title, description, the server to call, and the token schemes operations refer to.</summary>
    private sealed class ServiceDocumentTransformer(ApiDocument api) : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
        {
            document.Info = new OpenApiInfo
            {
                Title = api.Title,
                Version = "1",
                Description = api.Description,
            };
            // Relative: the address the document was read from, the gateway (the paths are the gateway's) or the service's own port.
            document.Servers = [new OpenApiServer { Url = "/", Description = "Where this document was read from: the gateway, or the service's own port" }];
            var auth = context.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            foreach (var (name, scheme) in ApiAccess.Schemes(auth)) document.Components.SecuritySchemes[name] = scheme;
            return Task.CompletedTask;
        }
    }
}
