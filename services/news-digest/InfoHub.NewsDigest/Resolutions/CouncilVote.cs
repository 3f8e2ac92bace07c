using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Resolutions;

/// <summary>How one Council member voted.</summary>
public enum Ballot
{
    InFavour,
    Against,
    Abstaining,
    NotParticipating,
}

public static class Ballots
{
    private static readonly WireNames<Ballot> Names = new(new Dictionary<Ballot, string>
    {
        [Ballot.InFavour] = "in-favour",
        [Ballot.Against] = "against",
        [Ballot.Abstaining] = "abstaining",
        [Ballot.NotParticipating] = "not-participating",
    });

    public static string Name(this Ballot ballot) => Names.Of(ballot);

    public static bool TryParse(string? name, out Ballot ballot) => Names.TryParse(name, out ballot);
}

/// <summary>
/// A vote of the Council, by member (ISO 3166-1 alpha-2 code → ballot), as far as it is known: a record may name only
/// some members, and then only what those ballots prove is checked.
/// </summary>
public sealed record CouncilVote(IReadOnlyDictionary<string, Ballot> ByMember)
{
    /// <summary>The votes needed in favour for a decision of the Council (Charter, Article 27).</summary>
    public const int MajorityInFavour = 9;

    public int Count(Ballot ballot) => ByMember.Values.Count(b => b == ballot);

    /// <summary>
    /// Checks the vote against the Council sitting on <paramref name="on"/> and against the outcome it is recorded for:
    /// every voter was a member that day and voted once; an adoption had nine votes in favour and no permanent member
    /// against; a veto had a permanent member against (with nine in favour, else the draft simply failed); a failure was
    /// not in truth an adoption or a veto. Errors are named after the field <c>vote</c> (or <c>vote.XX</c> for a member).
    /// </summary>
    public void Check(ResolutionStatus outcome, DateOnly on, CouncilComposition council, FieldErrors errors)
    {
        if (!council.IsKnown(on.Year))
        {
            errors.Add("vote", $"The Council's members in {on.Year} are not known to the hub, so a vote of that year cannot be checked.");
            return;
        }
        var permanentAgainst = new List<CouncilSeat>();
        foreach (var (country, ballot) in ByMember)
        {
            if (!council.TryGetMember(on.Year, country, out var seat))
            {
                var members = string.Join(", ", council.MembersIn(on.Year).Select(m => m.Country));
                errors.Add($"vote.{country}", $"'{country}' did not sit on the Council on {on:yyyy-MM-dd} (members: {members}).");
                continue;
            }
            if (seat.Permanent && ballot == Ballot.Against) permanentAgainst.Add(seat);
        }
        var duplicated = ByMember.Keys.GroupBy(k => k.ToUpperInvariant()).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null) errors.Add($"vote.{duplicated.Key}", $"'{duplicated.Key}' is named more than once.");
        if (errors.Any) return;

        var inFavour = Count(Ballot.InFavour);
        // Whether the ballots recorded settle the count: all fifteen, or enough in favour that the rest cannot matter.
        var complete = ByMember.Count == CouncilComposition.Seats;
        var enoughInFavour = inFavour >= MajorityInFavour;
        var vetoers = string.Join(", ", permanentAgainst.Select(s => s.Name));
        switch (outcome)
        {
            case ResolutionStatus.Adopted when permanentAgainst.Count > 0:
                errors.Add("vote", $"{vetoers} voted against as a permanent member: such a draft is vetoed, not adopted.");
                break;
            case ResolutionStatus.Adopted when complete && !enoughInFavour:
                errors.Add("vote", $"Adoption needs {MajorityInFavour} votes in favour; this vote has {inFavour}.");
                break;
            case ResolutionStatus.Vetoed when permanentAgainst.Count == 0:
                errors.Add("vote", "A veto is a permanent member's vote against; this vote records none.");
                break;
            case ResolutionStatus.Vetoed when complete && !enoughInFavour:
                errors.Add("vote", $"With {inFavour} votes in favour (fewer than {MajorityInFavour}) the draft failed; a permanent member's vote against counts as a veto only when it alone stops an adoption.");
                break;
            case ResolutionStatus.Failed when enoughInFavour && permanentAgainst.Count > 0:
                errors.Add("vote", $"{inFavour} in favour with {vetoers} against as a permanent member: the draft was vetoed.");
                break;
            case ResolutionStatus.Failed when complete && enoughInFavour:
                errors.Add("vote", $"{inFavour} in favour and no permanent member against: the draft was adopted.");
                break;
        }
    }
}
