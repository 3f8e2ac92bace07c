using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoHub.Contacts.Organizations;

public static class OrganizationReplicaEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationReplicas(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/contacts/organizations").WithTags("Organizations")
            .MapGet("/{id:guid}", async Task<Results<Ok<OrganizationReplica>, ProblemHttpResult>> (Guid id, OrganizationReplicas replicas, CancellationToken ct) =>
                await replicas.GetAsync(id, ct) is { } replica
                    ? TypedResults.Ok(replica)
                    : Problems.NotFound($"Organization {id}"))
            .RequireAuthorization(Access.Members);
        return app;
    }
}
