using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Workspace.Digests;

/// <summary>
/// A draft as the composer's form holds it: its texts, its translations (one blank row to add one; emptied rows are
/// removed), its items in order, and a new note. Every button posts the whole form, so what was typed is never lost
/// to a move or a removal: the form is changed as the button asks, then saved.
/// </summary>
public sealed class ComposerForm
{
    public long Version { get; set; }
    public string? Title { get; set; }
    public string? Introduction { get; set; }
    public List<TranslationRow> Translations { get; set; } = [];
    public List<ItemRow> Items { get; set; } = [];
    public ItemRow Note { get; set; } = new();

    public static ComposerForm From(Digest digest) => new()
    {
        Version = digest.Version, Title = digest.Title, Introduction = digest.Introduction,
        Translations = [.. digest.Translations.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new TranslationRow { Language = t.Key, Title = t.Value.Title, Introduction = t.Value.Introduction, Existing = true })],
        Items = [.. digest.Items.Select(i => new ItemRow { Id = i.Id, Section = i.Section, Headline = i.Headline, Summary = i.Summary, Link = i.Link })],
    };

    /// <summary>Applies a button's action (<c>up:3</c>, <c>down:3</c>, <c>remove:3</c>; anything else only saves) and takes in the new note if one was written.</summary>
    /// <returns>Where the item the action moved is now, to return to it.</returns>
    public int? Apply(string? action)
    {
        var (verb, index) = action?.Split(':') is [var v, var i] && int.TryParse(i, out var n) && n >= 0 && n < Items.Count ? (v, n) : ("save", -1);
        var item = index >= 0 ? Items[index] : null;
        var section = index >= 0 ? Items[index].Section : null;
        switch (verb)
        {
            case "remove": Items.RemoveAt(index); item = null; break;
            // Within its section: the sections themselves always read in the same order.
            case "up" when index > 0: Swap(index, Items.FindLastIndex(index - 1, x => x.Section == section)); break;
            case "down": Swap(index, Items.FindIndex(index + 1, x => x.Section == section)); break;
        }
        if (!Note.IsEmpty)
        {
            Items.Add(Note with { Id = null, Section = DigestSections.Note });
            Note = new ItemRow();
        }
        return item is null ? null : Items.FindIndex(x => ReferenceEquals(x, item)) is >= 0 and var now ? now : null;
    }

    private void Swap(int index, int other)
    {
        if (other >= 0) (Items[index], Items[other]) = (Items[other], Items[index]);
    }

    /// <summary>The form as the news digest takes it; what the form does not show (an item's language, situations, themes, translations) as the draft holds it.</summary>
    public DigestChange ToChange(Digest draft)
    {
        var stored = draft.Items.ToDictionary(i => i.Id);
        return new DigestChange(Title, Introduction,
            Translations.Where(t => !t.IsEmpty && !string.IsNullOrWhiteSpace(t.Language))
                .GroupBy(t => t.Language!.Trim()).ToDictionary(g => g.Key, g => new DigestText(g.First().Title!, g.First().Introduction)),
            [.. Items.Select(i => i.Id is { } id && stored.TryGetValue(id, out var kept)
                ? new DigestItemChange(id, kept.Section, i.Headline, i.Summary, i.Link, kept.Language, kept.Situations, kept.Themes, kept.Translations)
                : new DigestItemChange(i.Id, i.Section ?? DigestSections.Note, i.Headline, i.Summary, i.Link, null, [], [], new Dictionary<string, DigestItemText>()))]);
    }

    /// <summary>A blank row to add a translation in a language the draft does not have yet.</summary>
    public ComposerForm WithBlankTranslation()
    {
        if (Translations.All(t => t.Existing)) Translations.Add(new TranslationRow());
        return this;
    }
}

public sealed class TranslationRow
{
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Introduction { get; set; }
    /// <summary>A translation the draft has (its language fixed); else the row to add one.</summary>
    public bool Existing { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Introduction);
}

public sealed record ItemRow
{
    public Guid? Id { get; set; }
    public string? Section { get; set; }
    public string? Headline { get; set; }
    public string? Summary { get; set; }
    public string? Link { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Headline) && string.IsNullOrWhiteSpace(Summary) && string.IsNullOrWhiteSpace(Link);
}
