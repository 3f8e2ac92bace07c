using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

public sealed class OrganizationRegisteredConsumer(OrganizationReplicas replicas) : IConsumer<OrganizationRegistered>
{
    public Task Consume(ConsumeContext<OrganizationRegistered> context)
    {
        var e = context.Message;
        return replicas.ApplyAsync(new OrganizationReplica
        {
            Id = e.OrganizationId, Version = e.Version, UpdatedAt = e.OccurredAt,
            Name = e.Name, Acronym = e.Acronym, Country = e.Country,
        }, context.CancellationToken);
    }
}
