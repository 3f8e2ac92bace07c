using InfoHub.NewsDigest.Council;
using InfoHub.NewsDigest.Developments;
using InfoHub.NewsDigest.NetworkNews;
using InfoHub.NewsDigest.Programme;
using InfoHub.NewsDigest.Resolutions;
using InfoHub.NewsDigest.Situations;
using InfoHub.Platform.Storage;

namespace InfoHub.NewsDigest.Digests;

/// <param name="AgendaUntil">The last day of the Council agenda the digest looks ahead to.</param>
public sealed record DigestPeriod(DateOnly From, DateOnly To, DateOnly AgendaUntil)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;
}

/// <summary>One kind of thing a digest reports. The drafter asks each source for its items of a period.</summary>
public interface IDigestSource
{
    Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct);
}

/// <summary>Words for items, with the situations' names in each language, shared by the sources.</summary>
public sealed class DigestNaming(SituationReplicas situations)
{
    public async Task<Func<string, string, string>> SituationNamesAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var known = await situations.GetManyAsync(ids, ct);
        return (id, language) => known.TryGetValue(id, out var s) ? s.Names.GetValueOrDefault(language) ?? s.Name : id;
    }

    /// <summary>The item's text in each of the working languages but <paramref name="language"/>, from one function of the language.</summary>
    public static IReadOnlyDictionary<string, DigestItemText> Translated(string language, Func<string, DigestItemText> text) =>
        DigestWords.Languages.Where(l => l != language).ToDictionary(l => l, text);
}

/// <summary>The period's UN developments, by the day they happened.</summary>
public sealed class DevelopmentDigestSource(DevelopmentStore developments) : IDigestSource
{
    public async Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>> { [DevelopmentStore.PeriodFacet] = DayPeriods.Period(period.From, period.To) };
        var items = new List<DigestItem>();
        string? after = null;
        do
        {
            var page = await developments.SearchAsync(new SearchQuery(null, SearchQuery.MaxLimit, SearchOrder.SortKey, filters, After: after), ct);
            items.AddRange(page.Items.Select(d => new DigestItem
            {
                Id = Guid.CreateVersion7(), Section = DigestSections.Developments, Headline = d.Headline, Summary = d.Summary, Link = d.Link, Language = d.Language,
                Situations = d.Situations, Themes = d.Themes,
                Translations = d.Translations.ToDictionary(t => t.Key, t => new DigestItemText(t.Value.Headline, t.Value.Summary)),
                Source = new DigestSource("development", d.Id.ToString(), d.Version), At = d.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            }));
            after = page.Next;
        } while (after is not null);
        return items;
    }
}

/// <summary>The Council's meetings from the day after the period to the end of the agenda window, cancelled ones left out.</summary>
public sealed class ProgrammeDigestSource(MeetingStore meetings, DigestNaming naming) : IDigestSource
{
    public async Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct)
    {
        var start = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = period.AgendaUntil.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var months = new List<CouncilMonth>();
        for (var month = new CouncilMonth(start.Year, start.Month); month <= new CouncilMonth(end.Year, end.Month); month = month.Next()) months.Add(month);
        var found = (await meetings.InMonthsAsync(months, situation: null, ct))
            .Where(m => m.Status != "cancelled" && m.StartsAt >= start && m.StartsAt < end).ToList();
        var names = await naming.SituationNamesAsync(found.Select(m => m.SituationId).OfType<string>(), ct);
        return found.Select(m =>
        {
            DigestItemText Text(string language)
            {
                var subject = m.SituationId is { } s ? names(s, language) : m.ThematicItem!;
                var when = $"{DigestWords.DayAndTime(language, NewYorkTime.ToLocal(m.StartsAt).DateTime)} ({DigestWords.Get(language, "new-york")})";
                return new DigestItemText($"{DigestWords.Get(language, m.Format)}: {subject}", m.Title is null ? when : $"{when}. {m.Title}");
            }
            var english = Text("en");
            return new DigestItem
            {
                Id = Guid.CreateVersion7(), Section = DigestSections.CouncilAgenda, Headline = english.Headline, Summary = english.Summary, Language = "en",
                Situations = m.SituationId is null ? [] : [m.SituationId], Translations = DigestNaming.Translated("en", Text),
                Source = new DigestSource("meeting", m.Id.ToString(), m.Version), At = m.StartsAt,
            };
        }).ToList();
    }
}

/// <summary>Resolutions whose latest step falls in the period: adopted, vetoed, put in blue…</summary>
public sealed class ResolutionDigestSource(ResolutionStore resolutions) : IDigestSource
{
    public async Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct)
    {
        var items = new List<DigestItem>();
        string? after = null;
        do
        {
            // The tracker lists the latest step first: stop at the first one older than the period.
            var page = await resolutions.SearchAsync(new SearchQuery(null, SearchQuery.MaxLimit, SearchOrder.SortKey, After: after), ct);
            foreach (var r in page.Items)
            {
                if (r.StatusOn < period.From) return items;
                if (!period.Contains(r.StatusOn)) continue;
                // "S/RES/2811 (2026): adopted (13–0–2)", the title beside it; a record without a symbol is named by its title.
                var symbol = r.Symbol ?? r.DraftSymbol;
                DigestItemText Text(string language) => new(
                    $"{symbol ?? r.Title}: {DigestWords.Get(language, r.Status)}" + (r.Vote is { } v ? $" ({v.Tally})" : ""),
                    symbol is null ? null : r.Title);
                var english = Text("en");
                items.Add(new DigestItem
                {
                    Id = Guid.CreateVersion7(), Section = DigestSections.Resolutions, Headline = english.Headline, Summary = english.Summary, Language = "en",
                    Link = r.Links.FirstOrDefault(), Situations = r.SituationId is null ? [] : [r.SituationId],
                    Translations = DigestNaming.Translated("en", Text),
                    Source = new DigestSource("resolution", r.Id.ToString(), r.Version), At = r.StatusOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                });
            }
            after = page.Next;
        } while (after is not null);
        return items;
    }
}

/// <summary>What moved in the network in the period, as the directory's events told this service.</summary>
public sealed class NetworkDigestSource(NetworkNewsStore news, DigestNaming naming) : IDigestSource
{
    private const int StatementLength = 240;

    public async Task<IReadOnlyList<DigestItem>> ItemsAsync(DigestPeriod period, CancellationToken ct)
    {
        var found = await news.BetweenAsync(period.From, period.To, ct);
        var names = await naming.SituationNamesAsync(found.SelectMany(n => n.Situations), ct);
        var organizations = new Dictionary<Guid, string>();
        foreach (var id in found.Select(n => n.OrganizationId).Distinct())
            organizations[id] = (await news.OrganizationAsync(id, ct))?.Name ?? "";
        return found.Where(n => organizations[n.OrganizationId].Length > 0).Select(n =>
        {
            var organization = organizations[n.OrganizationId];
            var statement = n.Text.Length <= StatementLength ? n.Text : n.Text[..StatementLength].TrimEnd() + "\u2026";
            DigestItemText Text(string language) => n.Kind switch
            {
                "organization" => new(DigestWords.Get(language, "joined", organization), null),
                "activity" => new(DigestWords.Get(language, "activity", organization, n.Text), null),
                _ => new(DigestWords.Get(language, "position", organization, names(n.Situations[0], language), statement), null),
            };
            return new DigestItem
            {
                Id = Guid.CreateVersion7(), Section = DigestSections.Network, Headline = Text("en").Headline, Link = n.Link, Language = "en",
                Situations = n.Situations, Themes = n.Themes, Translations = DigestNaming.Translated("en", Text),
                Source = new DigestSource(n.Kind, n.Id.ToString(), n.Version, n.EventId), At = n.OccurredAt,
            };
        }).ToList();
    }
}
