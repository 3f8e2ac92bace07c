using InfoHub.Platform.Http;

namespace InfoHub.Directory.Vocabularies;

public static class VocabularyEndpoints
{
    public static IEndpointRouteBuilder MapVocabularies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/directory/vocabularies").WithTags("Vocabularies").AllowAnonymous().RejectUnknownQueryParameters();
        group.MapGet("/", (HttpContext http) =>
        {
            Cacheable(http);
            return TypedResults.Ok(Vocabulary.ByName);
        }).WithSummary("Every vocabulary, by name");
        group.MapGet("/{name}", (string name, HttpContext http) =>
        {
            if (!Vocabulary.ByName.TryGetValue(name, out var terms))
            {
                return (IResult)Problems.Field(StatusCodes.Status404NotFound, "name",
                    $"There is no vocabulary '{name}'. There are: {string.Join(", ", Vocabulary.ByName.Keys)}.");
            }
            Cacheable(http);
            return TypedResults.Ok(terms);
        }).WithSummary("One vocabulary's terms, with English, French and Spanish labels")
            .Produces<IReadOnlyList<Term>>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Vocabularies change only with a release: clients and the gateway may keep them an hour.</summary>
    private static void Cacheable(HttpContext http) => http.Response.Headers.CacheControl = "public, max-age=3600";
}
