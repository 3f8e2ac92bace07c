using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InfoHub.Testing;
using InfoHub.Web.Pages;
using InfoHub.Web.Pages.Directory;

namespace InfoHub.Tests.Web;

/// <summary>Every interface text the portal shows is translated into French and Spanish, and no translation is left over.</summary>
public sealed partial class InterfaceTextTests
{
    private static readonly string Portal = Path.Combine(RepoPaths.Root, "services/web/InfoHub.Web");

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_interface_text_has_a_translation_and_every_translation_is_used(string language)
    {
        var used = UsedTexts();
        var translated = XDocument.Load(Path.Combine(Portal, $"Resources/SharedResource.{language}.resx")).Root!
            .Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

        Assert.True(used.Count > 50, $"only {used.Count} texts found: the scan of the pages looks broken");
        var missing = used.Where(t => string.IsNullOrWhiteSpace(translated.GetValueOrDefault(t))).ToList();
        Assert.True(missing.Count == 0, $"not translated into {language}: {string.Join(" | ", missing)}");
        Assert.Empty(translated.Keys.Except(used));
        // Resource lookups ignore case: two texts that differ only by it would share one translation.
        Assert.Empty(used.GroupBy(t => t, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)));
        // A text's placeholders survive translation.
        Assert.All(used, text => Assert.Equal(Placeholder().Matches(text).Select(m => m.Value).Order(), Placeholder().Matches(translated[text]).Select(m => m.Value).Order()));
    }

    /// <summary>The keys of <c>T["…"]</c> (and <c>T.In</c>) in the pages, and the texts the code hands them (facet headings, refusals, field names).</summary>
    private static HashSet<string> UsedTexts()
    {
        var texts = System.IO.Directory.GetFiles(Portal, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => Localized().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        foreach (var facet in InfoHub.Web.Shared.Api.DirectoryApi.SearchParameters.Append("limit")) texts.Add(FacetNames.Of(facet));
        // The edit form names the directory's fields in its error summary and conflict list.
        foreach (var field in EditPage.FieldNames.Keys.Append("membership.status")) texts.Add(EditPage.FieldName(field));
        // The account pages show the identity service's messages in the reader's language.
        foreach (var message in InfoHub.Web.Pages.Account.AccountPage.Messages.Concat(InfoHub.Web.Pages.Workspace.AgendaWatchPage.Messages)) texts.Add(message);
        // The news pages name the news digest's codes (organs, statuses, meeting formats, ballots).
        foreach (var name in InfoHub.Web.Pages.News.NewsNames.All) texts.Add(name);
        foreach (var heading in InfoHub.Web.Shared.Api.DigestSections.AllHeadings) texts.Add(heading);
        foreach (var status in new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable })
        {
            var refusal = ApiRefusal.From(status, null, new Dictionary<string, string[]>(), "/");
            texts.Add(refusal.Title);
            texts.Add(refusal.Explanation);
        }
        return texts;
    }

    /// <summary><c>T["…"]</c>, and <c>T.In(language, "…")</c> (a text in a digest's language).</summary>
    [GeneratedRegex("""T(?:\[|\.In\([^,"]+,\s*)"((?:[^"\\]|\\.)*)"[,\])]""")]
    private static partial Regex Localized();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
