using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Identity.Organizations;

public sealed class OrganizationRegisteredConsumer(DirectoryOrganizations organizations) : IConsumer<OrganizationRegistered>
{
    public Task Consume(ConsumeContext<OrganizationRegistered> context) =>
        organizations.ApplyAsync(new DirectoryOrganization(context.Message.OrganizationId, context.Message.Name, context.Message.Version, Removed: false),
            context.Message.OccurredAt, context.CancellationToken);
}
