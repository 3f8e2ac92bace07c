using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InfoHub.Platform.Http;

/// <summary>
/// A request body an endpoint reads by hand (with <see cref="JsonBody"/>, or as CSV), declared for its OpenAPI
/// document only. Not <c>Accepts&lt;T&gt;()</c>: its metadata also makes routing answer a wrong Content-Type with a bare
/// 415 before the endpoint runs, before authorization and without the problem naming the field that <see cref="JsonBody"/> gives.
/// </summary>
/// <param name="Example">A realistic body, shown in the document and the API reference (a string for text media types).</param>
public sealed record RequestBodyMetadata(string ContentType, Type Type, object? Example);

public static class RequestBodies
{
    /// <summary>
    /// The endpoint reads a <typeparamref name="T"/> with <see cref="JsonBody.ReadAsync{T}"/>, and so may answer 400
    /// (a field is invalid or unknown), 413 (too large) and 415 (not JSON).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder, T? example = null) where T : class =>
        builder.WithMetadata(new RequestBodyMetadata("application/json", typeof(T), example))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Another media type the endpoint reads its body in, such as <c>text/csv</c>.</summary>
    public static RouteHandlerBuilder AcceptsBody(this RouteHandlerBuilder builder, string contentType, Type type, object? example = null) =>
        builder.WithMetadata(new RequestBodyMetadata(contentType, type, example));

    /// <summary>
    /// Another media type a response comes in, with a schema of its own (<c>Produces</c> keeps one schema a status:
    /// a JSON export and a CSV one cannot both be declared with it).
    /// </summary>
    public static RouteHandlerBuilder ProducesAlso(this RouteHandlerBuilder builder, int statusCode, string contentType, Type type) =>
        builder.WithMetadata(new ResponseBodyMetadata(statusCode, contentType, type));
}

/// <summary>A further media type of a response, declared for the OpenAPI document only.</summary>
public sealed record ResponseBodyMetadata(int StatusCode, string ContentType, Type Type);

/// <summary>Schemas referenced by name from the document's components, as the generator does for the types of declared results.</summary>
internal static class ApiSchemas
{
    private static readonly JsonSerializerOptions ExampleOptions = new(JsonBody.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
        if (type == typeof(string) || type.IsPrimitive) return schema;
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>An example as the endpoint reads it: the API's own names and enum spellings, without the fields left out.</summary>
    public static JsonNode? Example(object? value, Type type) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        _ => JsonSerializer.SerializeToNode(value, type, ExampleOptions),
    };
}

/// <summary>Writes each <see cref="RequestBodyMetadata"/> and <see cref="ResponseBodyMetadata"/> into its operation.</summary>
internal sealed class BodyOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var bodies = metadata.OfType<RequestBodyMetadata>().ToList();
        if (bodies.Count > 0)
        {
            var content = new Dictionary<string, OpenApiMediaType>();
            foreach (var body in bodies)
            {
                content[body.ContentType] = new OpenApiMediaType
                {
                    Schema = await ApiSchemas.ReferenceAsync(body.Type, context, ct),
                    Example = ApiSchemas.Example(body.Example, body.Type),
                };
            }
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        }
        foreach (var extra in metadata.OfType<ResponseBodyMetadata>())
        {
            var status = extra.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.GetValueOrDefault(status) is not OpenApiResponse response)
                throw new InvalidOperationException($"{context.Description.RelativePath}: declare {status} with Produces before ProducesAlso.");
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[extra.ContentType] = new OpenApiMediaType { Schema = await ApiSchemas.ReferenceAsync(extra.Type, context, ct) };
        }
    }
}
