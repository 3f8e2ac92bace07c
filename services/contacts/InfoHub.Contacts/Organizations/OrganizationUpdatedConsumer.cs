using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

public sealed class OrganizationUpdatedConsumer(OrganizationReplicas replicas) : IConsumer<OrganizationUpdated>
{
    public Task Consume(ConsumeContext<OrganizationUpdated> context)
    {
        var e = context.Message;
        return replicas.ApplyAsync(new OrganizationReplica
        {
            Id = e.OrganizationId, Version = e.Version, UpdatedAt = e.OccurredAt,
            Name = e.Name, Acronym = e.Acronym, Country = e.Country,
        }, context.CancellationToken);
    }
}
