using System.Net;
using InfoHub.Platform.Security;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace InfoHub.Web.Pages.Directory;

/// <summary>
/// Editing an organization's profile, for its own members and the secretariat (the directory decides: the page only
/// spares others a form they could not send). The API's field errors show next to their fields; a change someone
/// else made meanwhile (412 on the <c>If-Match</c> version) is explained, with what changed, and the form keeps
/// what the person typed.
/// </summary>
public sealed class EditPage(DirectoryApi directory) : PortalPage(directory)
{
    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    public Guid Id { get; private set; }

    /// <summary>The entry as the directory holds it now (after a conflict: the other person's version).</summary>
    public Organization Organization { get; private set; } = null!;

    /// <summary>Signed in, but neither a member of this organization nor the secretariat.</summary>
    public bool NotTheirs { get; private set; }

    /// <summary>The directory's field errors, by its field names (<c>name</c>, <c>sectors[2]</c>, <c>translations.fr.name</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The save was refused because the profile changed since the form was filled: the fields that differ, and their values now.</summary>
    public IReadOnlyList<(string Field, string Now)>? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        Form = ProfileForm.From(Organization).WithBlankTranslation();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await CheckAsync(id, ct) is { } stop) return stop;
        var saved = await Directory.ReplaceOrganizationAsync(id, Form.ToRequest(Organization), Form.Version, ct);
        if (saved.Succeeded) return Redirect($"{ProfilePath(id)}?saved=true");

        Form.WithBlankTranslation();
        switch (saved.Status)
        {
            case HttpStatusCode.BadRequest:
                Errors = saved.Errors.Count > 0 ? saved.Errors : new Dictionary<string, string[]> { [""] = [saved.Detail ?? ""] };
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case HttpStatusCode.PreconditionFailed:
                // Organization was read just now: the other person's version. Saving again replaces it with this form.
                Conflict = Differences(ProfileForm.From(Organization), Form);
                Form.Version = Organization.Version;
                ModelState.Remove($"{nameof(Form)}.{nameof(ProfileForm.Version)}"); // else the input shows the posted version
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                Refuse(saved, ProfilePath(id));
                break;
        }
        return Page();
    }

    public static string ProfilePath(Guid id) => $"/directory/organizations/{id}";

    /// <summary>Errors of one field of the form: its own, and those of its items (<c>sectors[2]</c>) and parts (<c>translations.fr.name</c>).</summary>
    public IEnumerable<string> ErrorsOf(string field) => new ApiErrors(Errors).Under(field);

    /// <summary>Where the error summary links to for an error of <paramref name="apiField"/>: the field's input, or the form.</summary>
    public static string InputOf(string apiField)
    {
        var field = apiField.Split('[', '.')[0];
        if (field == "translations") return "translations";
        return Inputs.TryGetValue(field, out var input) ? input : "profile-form";
    }

    /// <summary>The form's field names (interface texts) by the directory's names.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["name"] = "Name", ["acronym"] = "Acronym", ["country"] = "Headquarters", ["description"] = "Description",
        ["website"] = "Website", ["scope"] = "Scope", ["languages"] = "Working languages", ["sectors"] = "Sector",
        ["regions"] = "Region", ["countries"] = "Countries of work", ["themes"] = "Theme", ["functions"] = "Function",
        ["translations"] = "Translations",
    };

    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["name"] = "Form_Name", ["acronym"] = "Form_Acronym", ["country"] = "Form_Country", ["description"] = "Form_Description",
        ["website"] = "Form_Website", ["scope"] = "Form_Scope", ["languages"] = "Form_Languages", ["sectors"] = "sectors",
        ["regions"] = "regions", ["countries"] = "Form_Countries", ["themes"] = "themes", ["functions"] = "functions",
    };

    public static string FieldName(string apiField) => FieldNames.GetValueOrDefault(apiField.Split('[', '.')[0]) ?? "Profile";

    /// <summary>Signed in, allowed, and the entry and labels read: null; else what to answer instead.</summary>
    private async Task<IActionResult?> CheckAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        // Not signed in: to the sign-in, and back here after it.
        if (!User.IsSignedIn()) return Challenge(new AuthenticationProperties { RedirectUri = Request.Path + Request.QueryString }, PortalSignIn.CookieScheme);
        if (!User.MayEditOrganization(id))
        {
            NotTheirs = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        if (!await LoadLabelsAsync(ct)) return Page();
        var organization = await Directory.OrganizationAsync(id, ct);
        if (!organization.Succeeded) { Refuse(organization, SearchQuery.Path); return Page(); }
        Organization = organization.Value!;
        return null;
    }

    /// <summary>The fields whose value now differs from what the form holds, each with its value now (in the reader's language).</summary>
    private List<(string Field, string Now)> Differences(ProfileForm now, ProfileForm mine)
    {
        var differences = new List<(string, string)>();
        void Compare(string field, string? theirs, string? ours)
        {
            if (!string.Equals((theirs ?? "").Trim(), (ours ?? "").Trim(), StringComparison.Ordinal)) differences.Add((field, theirs ?? ""));
        }
        string Terms(string vocabulary, IEnumerable<string> codes) => string.Join(", ", codes.Select(c => Labels.Term(vocabulary, c)).Order(StringComparer.Ordinal));
        string Translations(ProfileForm form) => string.Join("; ", form.Translations.Where(t => !t.IsEmpty && !string.IsNullOrWhiteSpace(t.Language))
            .OrderBy(t => t.Language, StringComparer.Ordinal).Select(t => $"{t.Language}: {t.Name} {t.Acronym} {t.Description}".Trim()));

        Compare("name", now.Name, mine.Name);
        Compare("acronym", now.Acronym, mine.Acronym);
        Compare("country", now.Country is null ? null : Labels.Term("countries", now.Country), mine.Country is null ? null : Labels.Term("countries", mine.Country));
        Compare("description", now.Description, mine.Description);
        Compare("website", now.Website, mine.Website);
        Compare("scope", now.Scope is null ? null : Labels.Term("scopes", now.Scope), string.IsNullOrEmpty(mine.Scope) ? null : Labels.Term("scopes", mine.Scope));
        Compare("languages", string.Join(", ", ProfileForm.LanguageTags(now.Languages)), string.Join(", ", ProfileForm.LanguageTags(mine.Languages)));
        Compare("sectors", Terms("sectors", now.Sectors), Terms("sectors", mine.Sectors));
        Compare("regions", Terms("regions", now.Regions), Terms("regions", mine.Regions));
        Compare("countries", Terms("countries", now.Countries), Terms("countries", mine.Countries));
        Compare("themes", Terms("themes", now.Themes), Terms("themes", mine.Themes));
        Compare("functions", Terms("functions", now.Functions), Terms("functions", mine.Functions));
        Compare("translations", Translations(now), Translations(mine));
        return differences;
    }
}
