using InfoHub.Platform.CatchUp;
using InfoHub.Platform.Http;
using InfoHub.Platform.Messaging;

namespace InfoHub.NewsDigest.Situations;

/// <summary>A situation as the secretariat's forms offer it: its id, and its name in English and other languages.</summary>
public sealed record SituationChoice(string Id, string Name, IReadOnlyDictionary<string, string> Names);

public static class SituationReplicaEndpoints
{
    /// <summary>
    /// Keeps the directory's situations, from its events, and catches up on the directory (situations and network news)
    /// when it starts with a store that missed them: the situations' copy is the one compared with the directory's
    /// checkpoints (network news keeps neither removals nor every version, so its sums cannot match).
    /// </summary>
    public static IHostApplicationBuilder AddSituationReplicas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SituationReplicas>();
        builder.AddConsumer<SituationDefinedConsumer>();
        builder.AddConsumer<SituationUpdatedConsumer>();
        builder.AddConsumer<DirectoryCheckpointedConsumer>();
        builder.AddConsumer<DirectorySnapshotCompletedConsumer>();
        builder.AddDirectoryCatchUp(NewsDigestExtensions.Service, "NewsDigest:CatchUp", typeof(SituationReplicas).Assembly,
            new DirectoryCopy(SituationReplicas.Collection, checkpoint => checkpoint.Situations));
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
