namespace InfoHub.Contracts.Identity;

/// <summary>
/// Every access token of <see cref="Subject"/> (an account's id or a machine client's id, the tokens' <c>sub</c>) issued
/// at or before <see cref="RevokedAt"/> stopped being valid: the account was disabled or removed, the client deleted,
/// or its organization left the directory. Every process that validates tokens consumes it and refuses such tokens
/// with 401 <c>invalid_token</c>, rather than waiting for them to expire. <see cref="Version"/> counts the subject's
/// revocations, so a late older one is harmless; a process keeps the latest <see cref="RevokedAt"/> either way.
/// </summary>
public sealed record SubjectTokensRevoked
{
    public required Guid EventId { get; init; }
    public required string Subject { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset RevokedAt { get; init; }
    /// <summary>Why, for operators: <c>account-disabled</c>, <c>account-removed</c>, <c>client-deleted</c>, <c>organization-removed</c>.</summary>
    public string? Reason { get; init; }
}
