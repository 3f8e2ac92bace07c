using InfoHub.Platform.Audit;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoHub.Contacts.Organizations;

public static class OrganizationReplicaEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationReplicas(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/contacts/organizations").WithTags("Organizations").RejectUnknownQueryParameters()
            .MapGet("/{id:guid}", async Task<Results<Ok<OrganizationReplica>, ProblemHttpResult>> (Guid id, HttpContext http, OrganizationReplicas replicas,
                [FromKeyedServices(ContactsExtensions.Service)] AuditTrail audit, CancellationToken ct) =>
            {
                var replica = await replicas.GetAsync(id, ct);
                if (replica is null) return Problems.NotFound($"Organization {id}");
                // Everything read from the contacts service is private data: each read is on record.
                await audit.RecordAsync(http.User, "contacts.read", $"organization/{id}", null, ct);
                return TypedResults.Ok(replica);
            })
            .RequireAuthorization(Access.Members)
            .WithSummary("The contacts service's copy of an organization (each read is audited)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
