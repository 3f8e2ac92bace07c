namespace InfoHub.NewsDigest.Resolutions;

/// <summary>
/// Where a Security Council resolution stands. A draft is negotiated, then "put in blue" (its text is final and will be
/// voted on), then adopted, failed (fewer than nine votes in favour) or vetoed (a permanent member voted against);
/// until the vote it may be withdrawn.
/// </summary>
public enum ResolutionStatus
{
    Draft,
    UnderNegotiation,
    InBlue,
    Adopted,
    Failed,
    Vetoed,
    Withdrawn,
}

public static class ResolutionStatuses
{
    private static readonly WireNames<ResolutionStatus> Names = new(new Dictionary<ResolutionStatus, string>
    {
        [ResolutionStatus.Draft] = "draft",
        [ResolutionStatus.UnderNegotiation] = "under-negotiation",
        [ResolutionStatus.InBlue] = "in-blue",
        [ResolutionStatus.Adopted] = "adopted",
        [ResolutionStatus.Failed] = "failed",
        [ResolutionStatus.Vetoed] = "vetoed",
        [ResolutionStatus.Withdrawn] = "withdrawn",
    });

    /// <summary>Where each status may lead. A vote's outcome and a withdrawal are final.</summary>
    private static readonly Dictionary<ResolutionStatus, ResolutionStatus[]> Moves = new()
    {
        [ResolutionStatus.Draft] = [ResolutionStatus.UnderNegotiation, ResolutionStatus.InBlue, ResolutionStatus.Withdrawn],
        [ResolutionStatus.UnderNegotiation] = [ResolutionStatus.InBlue, ResolutionStatus.Withdrawn],
        [ResolutionStatus.InBlue] = [ResolutionStatus.Adopted, ResolutionStatus.Failed, ResolutionStatus.Vetoed, ResolutionStatus.Withdrawn],
        [ResolutionStatus.Adopted] = [],
        [ResolutionStatus.Failed] = [],
        [ResolutionStatus.Vetoed] = [],
        [ResolutionStatus.Withdrawn] = [],
    };

    public static string Name(this ResolutionStatus status) => Names.Of(status);

    public static bool TryParse(string? name, out ResolutionStatus status) => Names.TryParse(name, out status);

    public static bool IsFinal(this ResolutionStatus status) => Moves[status].Length == 0;

    /// <summary>Whether the status is the outcome of a vote, and so may carry one.</summary>
    public static bool IsVoteOutcome(this ResolutionStatus status) =>
        status is ResolutionStatus.Adopted or ResolutionStatus.Failed or ResolutionStatus.Vetoed;

    public static bool CanMove(ResolutionStatus from, ResolutionStatus to) => Moves[from].Contains(to);

    /// <summary>The statuses <paramref name="from"/> may move to, by name.</summary>
    public static IEnumerable<string> NextOf(ResolutionStatus from) => Moves[from].Select(Name);
}
