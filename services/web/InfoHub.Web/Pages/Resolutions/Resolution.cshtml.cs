using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Resolutions;

/// <summary>A resolution's whole history as a timeline; each vote by member, named from the Council of that year.</summary>
public sealed class ResolutionPage(DirectoryApi directory, NewsApi news) : PortalPage(directory)
{
    public Resolution Resolution { get; private set; } = null!;

    /// <summary>The Council's members in each year a vote was taken, when the hub knows them.</summary>
    public Dictionary<int, IReadOnlyList<CouncilMember>> Councils { get; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var resolution = await news.ResolutionAsync(id, ct);
        if (!resolution.Succeeded) { Refuse(resolution, ResolutionsPage.Path); return; }
        Resolution = resolution.Value!;
        foreach (var year in Resolution.History.Where(s => s.Vote is not null).Select(s => s.On.Year).Distinct())
        {
            if ((await news.CouncilAsync(year, ct)).Value is { } council) Councils[year] = council.Members;
        }
    }

    /// <summary>
    /// Each member's ballot in a vote: the Council of that year in the order of its presidency (members whose ballot is
    /// not recorded included), then any member the vote names that the hub does not know of.
    /// </summary>
    public IEnumerable<(string Country, string Name, string? Ballot)> Ballots(ResolutionStep step)
    {
        var vote = step.Vote!;
        var members = Councils.GetValueOrDefault(step.On.Year) ?? [];
        var named = vote.Columns.SelectMany(c => c.Members).Where(c => !members.Any(m => string.Equals(m.Country, c, StringComparison.OrdinalIgnoreCase)));
        return members.Select(m => (m.Country, Labels.Country(m.Country, m.Name), vote.BallotOf(m.Country)))
            .Concat(named.Select(c => (c, Labels.Country(c), vote.BallotOf(c))));
    }
}
