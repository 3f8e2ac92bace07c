using InfoHub.NewsDigest.Council;
using InfoHub.Platform.Http;

namespace InfoHub.NewsDigest.Resolutions;

/// <summary>One step of a resolution's history: the status it reached on a day, and the vote when the step was one.</summary>
public sealed record ResolutionStep(ResolutionStatus Status, DateOnly On, CouncilVote? Vote = null);

/// <summary>
/// The steps a resolution went through, oldest first; it is kept whole, never rewritten. A new step must be a move
/// the process allows (an adopted resolution cannot be vetoed; a withdrawn draft does not come back), must not be
/// dated before the last one, and may carry a vote only when it is a vote's outcome, a vote checked against the
/// Council sitting that day.
/// </summary>
public sealed record ResolutionHistory(IReadOnlyList<ResolutionStep> Steps)
{
    public static ResolutionHistory Empty { get; } = new([]);

    public ResolutionStatus? Status => Steps.Count == 0 ? null : Steps[^1].Status;

    /// <summary>The history with <paramref name="step"/> added, or the reasons it cannot be (fields <c>status</c>, <c>on</c>, <c>vote</c>).</summary>
    public ResolutionHistory? With(ResolutionStep step, CouncilComposition council, FieldErrors errors)
    {
        if (Steps.Count > 0)
        {
            var last = Steps[^1];
            if (!ResolutionStatuses.CanMove(last.Status, step.Status))
            {
                var next = ResolutionStatuses.NextOf(last.Status).ToList();
                errors.Add("status", last.Status.IsFinal()
                    ? $"The resolution is {last.Status.Name()}, which is final: it cannot become {step.Status.Name()}."
                    : $"A resolution that is {last.Status.Name()} can become {string.Join(", ", next)}; not {step.Status.Name()}.");
            }
            if (step.On < last.On) errors.Add("on", $"{step.On:yyyy-MM-dd} is before the last step ({last.Status.Name()} on {last.On:yyyy-MM-dd}).");
        }
        if (step.Vote is { } vote)
        {
            if (!step.Status.IsVoteOutcome()) errors.Add("vote", $"Only a vote's outcome (adopted, failed, vetoed) carries a vote; not {step.Status.Name()}.");
            else vote.Check(step.Status, step.On, council, errors);
        }
        return errors.Any ? null : new ResolutionHistory([.. Steps, step]);
    }
}
