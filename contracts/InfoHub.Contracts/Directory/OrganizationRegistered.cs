using System.Diagnostics.CodeAnalysis;

namespace InfoHub.Contracts.Directory;

/// <summary>A new organization joined the directory, with its whole public profile.</summary>
public sealed record OrganizationRegistered : OrganizationState
{
    public OrganizationRegistered() { }

    /// <summary>The same state as <paramref name="state"/>, as this event.</summary>
    [SetsRequiredMembers]
    public OrganizationRegistered(OrganizationState state) : base(state) { }
}
