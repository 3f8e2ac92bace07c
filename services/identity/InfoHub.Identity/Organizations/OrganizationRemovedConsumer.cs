using InfoHub.Contracts.Directory;
using InfoHub.Identity.Accounts;
using InfoHub.Identity.Revocations;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace InfoHub.Identity.Organizations;

/// <summary>
/// An organization left the directory: its members' tokens are revoked everywhere, and the tokens they get from now on
/// carry neither the organization nor the member role (see <c>TokenPrincipals</c>). Their accounts stay, for the
/// secretariat to move or remove.
/// </summary>
public sealed class OrganizationRemovedConsumer(DirectoryOrganizations organizations, IdentityDb db, SubjectRevocations revocations) : IConsumer<OrganizationRemoved>
{
    public async Task Consume(ConsumeContext<OrganizationRemoved> context)
    {
        var e = context.Message;
        var known = await organizations.GetAsync(e.OrganizationId, context.CancellationToken);
        await organizations.ApplyAsync(new DirectoryOrganization(e.OrganizationId, known?.Name ?? "", e.Version, Removed: true), e.OccurredAt, context.CancellationToken);
        // A repeat of the event (a snapshot republishes removals; a retry after a failure half-way) revokes only the
        // members not yet revoked since the removal, so a member's later, member-less tokens are left alone.
        var members = await db.Users.Where(a => a.OrganizationId == e.OrganizationId).Select(a => a.Id).ToListAsync(context.CancellationToken);
        foreach (var member in members)
        {
            if (await revocations.RevokedSinceAsync(member.ToString(), e.OccurredAt, context.CancellationToken)) continue;
            await revocations.RevokeAsync(member.ToString(), "organization-removed", context.CancellationToken);
        }
    }
}
