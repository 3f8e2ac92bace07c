using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.Resolutions;
using InfoHub.Platform.Http;

namespace InfoHub.Tests.NewsDigest;

public sealed class ResolutionHistoryTests
{
    private static readonly DateOnly March = new(2026, 3, 10);
    private static CouncilComposition Council => CouncilSeed.Composition;

    /// <summary>All fifteen members of 2026 in favour, then the given ballots over them.</summary>
    private static CouncilVote Vote(params (string Country, Ballot Ballot)[] changes)
    {
        var ballots = Council.MembersIn(2026).ToDictionary(m => m.Country, _ => Ballot.InFavour);
        foreach (var (country, ballot) in changes) ballots[country] = ballot;
        return new CouncilVote(ballots);
    }

    private static (ResolutionHistory? History, FieldErrors Errors) Add(ResolutionHistory history, ResolutionStep step)
    {
        var errors = new FieldErrors();
        return (history.With(step, Council, errors), errors);
    }

    private static ResolutionHistory InBlue() =>
        ResolutionHistory.Empty.With(new(ResolutionStatus.Draft, March.AddDays(-7)), Council, new())!
            .With(new(ResolutionStatus.UnderNegotiation, March.AddDays(-5)), Council, new())!
            .With(new(ResolutionStatus.InBlue, March.AddDays(-1)), Council, new())!;

    [Fact]
    public void A_draft_is_negotiated_put_in_blue_and_adopted_with_its_vote_and_every_step_is_kept()
    {
        var (adopted, errors) = Add(InBlue(), new(ResolutionStatus.Adopted, March, Vote(("RU", Ballot.Abstaining), ("CN", Ballot.Abstaining))));

        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        Assert.Equal(ResolutionStatus.Adopted, adopted!.Status);
        Assert.Equal([ResolutionStatus.Draft, ResolutionStatus.UnderNegotiation, ResolutionStatus.InBlue, ResolutionStatus.Adopted],
            adopted.Steps.Select(s => s.Status));
        Assert.Equal(13, adopted.Steps[^1].Vote!.Count(Ballot.InFavour));
    }

    [Theory]
    [InlineData(ResolutionStatus.Adopted, ResolutionStatus.Vetoed)]
    [InlineData(ResolutionStatus.Vetoed, ResolutionStatus.Adopted)]
    [InlineData(ResolutionStatus.Withdrawn, ResolutionStatus.InBlue)]
    [InlineData(ResolutionStatus.Failed, ResolutionStatus.UnderNegotiation)]
    public void A_final_status_does_not_move(ResolutionStatus final, ResolutionStatus next)
    {
        var history = new ResolutionHistory([new(ResolutionStatus.InBlue, March.AddDays(-1)), new(final, March)]);

        var (moved, errors) = Add(history, new(next, March));

        Assert.Null(moved);
        Assert.Contains("final", errors.ToDictionary()["status"].Single());
    }

    [Fact]
    public void A_draft_cannot_be_voted_on_before_it_is_put_in_blue_nor_go_back_to_negotiation_once_in_blue()
    {
        var draft = new ResolutionHistory([new(ResolutionStatus.Draft, March)]);
        Assert.Contains("in-blue", Add(draft, new(ResolutionStatus.Adopted, March)).Errors.ToDictionary()["status"].Single());
        Assert.NotNull(Add(InBlue(), new(ResolutionStatus.Withdrawn, March)).History);
        Assert.Null(Add(InBlue(), new(ResolutionStatus.UnderNegotiation, March)).History);
    }

    [Fact]
    public void A_step_dated_before_the_last_one_is_refused()
    {
        var (history, errors) = Add(InBlue(), new(ResolutionStatus.Adopted, March.AddDays(-3)));

        Assert.Null(history);
        Assert.Contains("before the last step", errors.ToDictionary()["on"].Single());
    }

    [Fact]
    public void A_vote_by_a_state_not_on_the_Council_that_month_is_refused()
    {
        // Slovenia sat in 2024-2025, not in March 2026; Latvia did.
        var ballots = new Dictionary<string, Ballot>(Vote().ByMember) { ["SI"] = Ballot.InFavour };

        var (history, errors) = Add(InBlue(), new(ResolutionStatus.Adopted, March, new CouncilVote(ballots)));

        Assert.Null(history);
        Assert.Contains("did not sit on the Council on 2026-03-10", errors.ToDictionary()["vote.SI"].Single());
    }

    [Fact]
    public void A_vote_in_a_year_whose_members_are_unknown_cannot_be_checked_and_is_refused()
    {
        var history = new ResolutionHistory([new(ResolutionStatus.InBlue, new DateOnly(2027, 1, 5))]);

        var (voted, errors) = Add(history, new(ResolutionStatus.Adopted, new DateOnly(2027, 1, 6), Vote()));

        Assert.Null(voted);
        Assert.Contains("not known", errors.ToDictionary()["vote"].Single());
    }

    [Fact]
    public void A_permanent_member_against_makes_a_veto_not_an_adoption()
    {
        var against = Vote(("RU", Ballot.Against));

        Assert.Contains("vetoed, not adopted", Add(InBlue(), new(ResolutionStatus.Adopted, March, against)).Errors.ToDictionary()["vote"].Single());
        Assert.Contains("was vetoed", Add(InBlue(), new(ResolutionStatus.Failed, March, against)).Errors.ToDictionary()["vote"].Single());
        Assert.NotNull(Add(InBlue(), new(ResolutionStatus.Vetoed, March, against)).History);
    }

    [Fact]
    public void A_veto_needs_a_permanent_member_against_and_nine_in_favour()
    {
        var electedAgainst = Vote(("PK", Ballot.Against));
        Assert.Contains("records none", Add(InBlue(), new(ResolutionStatus.Vetoed, March, electedAgainst)).Errors.ToDictionary()["vote"].Single());

        // Seven in favour with a permanent member against: the draft failed for want of votes.
        var tooFew = Vote(("US", Ballot.Against), ("GB", Ballot.Abstaining), ("FR", Ballot.Abstaining), ("DK", Ballot.Abstaining),
            ("GR", Ballot.Abstaining), ("LV", Ballot.Abstaining), ("PA", Ballot.Abstaining), ("CO", Ballot.NotParticipating));
        Assert.Equal(7, tooFew.Count(Ballot.InFavour));
        Assert.Contains("the draft failed", Add(InBlue(), new(ResolutionStatus.Vetoed, March, tooFew)).Errors.ToDictionary()["vote"].Single());
        Assert.NotNull(Add(InBlue(), new(ResolutionStatus.Failed, March, tooFew)).History);
    }

    [Fact]
    public void An_adoption_needs_nine_in_favour_when_every_ballot_is_known()
    {
        var eight = Vote(("DK", Ballot.Abstaining), ("GR", Ballot.Abstaining), ("LV", Ballot.Abstaining), ("PA", Ballot.Abstaining),
            ("CO", Ballot.Abstaining), ("BH", Ballot.Abstaining), ("LR", Ballot.Abstaining));

        Assert.Contains("needs 9 votes in favour", Add(InBlue(), new(ResolutionStatus.Adopted, March, eight)).Errors.ToDictionary()["vote"].Single());
        Assert.Contains("was adopted", Add(InBlue(), new(ResolutionStatus.Failed, March, Vote())).Errors.ToDictionary()["vote"].Single());
    }

    [Fact]
    public void A_partly_known_vote_is_checked_only_for_what_it_proves()
    {
        var partial = new CouncilVote(new Dictionary<string, Ballot> { ["CN"] = Ballot.Abstaining, ["RU"] = Ballot.Abstaining });

        Assert.NotNull(Add(InBlue(), new(ResolutionStatus.Adopted, March, partial)).History);
        Assert.Contains("only a vote's outcome", Add(InBlue(), new(ResolutionStatus.Withdrawn, March, partial)).Errors.ToDictionary()["vote"].Single(),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Statuses_and_ballots_are_read_back_from_their_API_names_and_an_unknown_name_is_refused()
    {
        Assert.All(Enum.GetValues<ResolutionStatus>(), status =>
        {
            Assert.True(ResolutionStatuses.TryParse(status.Name().ToUpperInvariant(), out var read));
            Assert.Equal(status, read);
        });
        Assert.All(Enum.GetValues<Ballot>(), ballot =>
        {
            Assert.True(Ballots.TryParse($" {ballot.Name()} ", out var read));
            Assert.Equal(ballot, read);
        });
        Assert.Equal("in-blue", ResolutionStatus.InBlue.Name());
        Assert.Equal("not-participating", Ballot.NotParticipating.Name());
        Assert.False(ResolutionStatuses.TryParse("passed", out _));
        Assert.False(Ballots.TryParse("yes", out _));
        Assert.False(Ballots.TryParse(null, out _));
    }
}
