using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Situations;

/// <summary>The situations the secretariat follows.</summary>
public sealed class SituationsPage(DirectoryApi directory) : PortalPage(directory)
{
    public IReadOnlyList<Situation> Situations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var situations = await Directory.SituationsAsync(ct);
        if (!situations.Succeeded) { Refuse(situations); return; }
        Situations = [.. situations.Value!.Items.OrderBy(InfoHub.Web.Shared.Localization.Labels.SituationName, StringComparer.CurrentCulture)];
    }
}
