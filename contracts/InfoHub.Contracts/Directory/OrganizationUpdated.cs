using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.Directory;

/// <summary>An organization's public profile changed: the full profile after the change. Also republished for snapshots.</summary>
public sealed record OrganizationUpdated : OrganizationState
{
    public OrganizationUpdated() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public OrganizationUpdated(OrganizationState state) : base(state) { }
}
