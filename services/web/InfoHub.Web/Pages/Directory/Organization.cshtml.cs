using InfoHub.Platform.Security;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;

namespace InfoHub.Web.Pages.Directory;

/// <summary>An organization's profile: its fields, activities and the positions the visitor may see, in the reader's language where it was translated.</summary>
public sealed class ProfilePage(DirectoryApi directory) : PortalPage(directory)
{
    public Organization Organization { get; private set; } = null!;

    public IReadOnlyList<Position> Positions { get; private set; } = [];

    /// <summary>The translation shown: the one in <c>?lang=</c> if the profile has it, else the reader's language's, else none (the original).</summary>
    public string? Shown { get; private set; }

    /// <summary>Back from the edit form, saved.</summary>
    public bool Saved { get; private set; }

    /// <summary>A member of this organization or the secretariat: the profile offers its edit form (the directory still decides).</summary>
    public bool MayEdit => User.MayEditOrganization(Organization.Id);

    public async Task OnGetAsync(Guid id, string? lang, bool saved, CancellationToken ct)
    {
        Saved = saved;
        if (!await LoadLabelsAsync(ct)) return;
        var organization = await Directory.OrganizationAsync(id, ct);
        if (!organization.Succeeded) { Refuse(organization, SearchQuery.Path); return; }
        Organization = organization.Value!;
        var positions = await Directory.PositionsAsync(id, ct);
        if (!positions.Succeeded) { Refuse(positions, SearchQuery.Path); return; }
        Positions = positions.Value!.Items;
        // ?lang=original shows the text as written, even to a reader whose language it was translated into.
        Shown = lang == "original" ? null : new[] { lang, Labels.Language }.FirstOrDefault(l => l is not null && Organization.Translations.ContainsKey(l));
    }

    public OrganizationTranslation? Translation => Shown is null ? null : Organization.Translations[Shown];

    public string Name => Translation?.Name ?? Organization.Name;

    public string? Acronym => Translation?.Acronym ?? Organization.Acronym;

    public string? Description => Translation?.Description ?? Organization.Description;

    public string SituationName(string id) => Labels.Of("situation", id);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static string LanguageName(string tag) => Labels.LanguageName(tag);
}
