using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages;

/// <summary>The front page: what the hub holds (the directory's own counts) and the organizations changed last.</summary>
public sealed class HomePage(DirectoryApi directory) : PortalPage(directory)
{
    public OrganizationPage Recent { get; private set; } = null!;

    public int Situations { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var recent = await Directory.SearchAsync([KeyValuePair.Create("sort", "updated")], 6, ct);
        if (!recent.Succeeded) { Refuse(recent); return; }
        Recent = recent.Value!;
        Situations = (await Directory.SituationsAsync(ct)).Value?.Total ?? 0;
    }

    /// <summary>How many different codes a facet of the whole directory counts (e.g. the countries organizations work in).</summary>
    public int Distinct(string facet) => Recent.Facets.GetValueOrDefault(facet)?.Count ?? 0;
}
