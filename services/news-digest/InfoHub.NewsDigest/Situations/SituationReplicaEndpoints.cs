using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;

namespace InfoHub.NewsDigest.Situations;

/// <summary>A situation as the secretariat's forms offer it: its id, and its name in English and other languages.</summary>
public sealed record SituationChoice(string Id, string Name, IReadOnlyDictionary<string, string> Names);

public static class SituationReplicaEndpoints
{
    /// <summary>Keeps the directory's situations, from its events.</summary>
    public static IHostApplicationBuilder AddSituationReplicas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SituationReplicas>();
        builder.AddConsumer<SituationDefinedConsumer>();
        builder.AddConsumer<SituationUpdatedConsumer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSituationReplicas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/news/situations", async (SituationReplicas situations, CancellationToken ct) =>
                TypedResults.Ok((await situations.ListAsync(ct)).Select(s => new SituationChoice(s.Id, s.Name, s.Names)).ToList()))
            .WithTags("Situations").AllowAnonymous().RejectUnknownQueryParameters()
            .WithSummary("The directory's situations the news service knows, by name: the ids a development may name");
        return app;
    }
}
