using InfoHub.Platform.Security;

namespace InfoHub.Identity.Revocations;

public static class RevocationEndpoints
{
    public static IEndpointRouteBuilder MapRevocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/identity/revocations", async (SubjectRevocations revocations, CancellationToken ct) =>
                TypedResults.Ok(await revocations.InForceAsync(ct)))
            .WithTags("Revocations")
            .WithSummary("Subjects whose tokens were revoked")
            .WithDescription("Every subject (an account id or a machine client id) whose access tokens issued at or before `revokedAt` are refused, " +
                             "for revocations of the last day (older tokens have expired). Public, like a certificate revocation list: the gateway " +
                             "and the services read it to refuse revoked tokens after a restart; they hear of new ones by the SubjectTokensRevoked event.")
            .Produces<List<SubjectRevocation>>()
            .AllowAnonymous();
        return app;
    }
}
