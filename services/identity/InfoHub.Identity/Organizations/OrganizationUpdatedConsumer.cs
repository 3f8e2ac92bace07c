using InfoHub.Contracts.Directory;
using MassTransit;

namespace InfoHub.Identity.Organizations;

public sealed class OrganizationUpdatedConsumer(DirectoryOrganizations organizations) : IConsumer<OrganizationUpdated>
{
    public Task Consume(ConsumeContext<OrganizationUpdated> context) =>
        organizations.ApplyAsync(new DirectoryOrganization(context.Message.OrganizationId, context.Message.Name, context.Message.Version, Removed: false),
            context.Message.OccurredAt, context.CancellationToken);
}
