using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Localization;

namespace InfoHub.Web.Pages.News;

/// <summary>One development: in the reader's language when it is translated into it (or in the language asked for), with the languages it exists in.</summary>
public sealed class DevelopmentPage(DirectoryApi directory, NewsApi news) : PortalPage(directory)
{
    public Development Development { get; private set; } = null!;

    /// <summary>The language shown: the one asked for (<c>?lang=</c>, as on an organization's profile) if the development exists in it, else the reader's, else the original.</summary>
    public string Shown { get; private set; } = "";

    public async Task OnGetAsync(Guid id, string? lang, CancellationToken ct)
    {
        if (!await LoadLabelsAsync(ct)) return;
        var development = await news.DevelopmentAsync(id, ct);
        if (!development.Succeeded) { Refuse(development, DevelopmentsPage.Path); return; }
        Development = development.Value!;
        Shown = lang is not null && Development.Languages.Contains(lang) ? lang : Development.ShownLanguage(Labels.Language);
    }

    public DevelopmentText Text => Development.In(Shown);
}
