using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Contacts.Organizations;

/// <summary>An organization left the directory: its copy here goes too, and a late older event cannot bring it back.</summary>
public sealed class OrganizationRemovedConsumer(OrganizationReplicas replicas) : IConsumer<OrganizationRemoved>
{
    public Task Consume(ConsumeContext<OrganizationRemoved> context) =>
        replicas.RemoveAsync(context.Message.OrganizationId, context.Message.Version, context.Message.OccurredAt, context.CancellationToken);
}
