using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Positions;
using InfoHub.Directory.Situations;
using InfoHub.Directory.Vocabularies;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using InfoHub.Platform.Storage.Indexing;

namespace InfoHub.Directory.Organizations;

/// <summary>
/// Validate, store, publish: the directory's write path for organizations and their activities, shared by the API,
/// imports and the demo data. Every change is one versioned write of the organization's entry with its events.
/// </summary>
public sealed class OrganizationStore(
    [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
    SituationStore situations,
    PositionStore positions,
    TimeProvider clock)
{
    public const string Collection = "organizations";
    /// <summary>An organization's activities are kept in its entry; past this many, older ones must be removed first.</summary>
    public const int MaxActivities = 500;
    /// <summary>The audit entry of a change, given the organization before it and as written.</summary>
    public delegate DocumentWrite AuditOf(Organization before, Organization after);

    /// <summary>How often an update without If-Match re-reads and re-applies when other writers keep winning.</summary>
    private const int MaxAttempts = 10;

    /// <summary>The facets organizations can be filtered and counted by, as the search API names them.</summary>
    public static readonly IReadOnlyList<string> Facets = ["theme", "country", "region", "situation", "sector", "scope", "language", "membership", "function"];

    /// <param name="id">A fixed id (demo data, imports that keep their ids); a new one otherwise.</param>
    /// <param name="audit">The audit entry recording the registration, saved in the same transaction.</param>
    public async Task<Organization> RegisterAsync(OrganizationProfile profile, CancellationToken ct, Guid? id = null, bool demo = false,
        Func<Organization, DocumentWrite>? audit = null)
    {
        var write = await RegistrationAsync(profile, id, demo, ct);
        var organization = Read(write.Change.Json);
        if (audit is null) await store.SaveAsync(write.Change, write.Events, ct);
        else await store.SaveAllAsync([write, audit(organization)], ct);
        return organization;
    }

    /// <summary>The write that registers an organization, for callers that save several at once (imports).</summary>
    public async Task<DocumentWrite> RegistrationAsync(OrganizationProfile profile, Guid? id, bool demo, CancellationToken ct, IReadOnlyList<Activity>? activities = null)
    {
        var now = clock.GetUtcNow();
        var organization = new Organization
        {
            Id = id ?? Guid.CreateVersion7(now), Name = profile.Name, Country = profile.Country,
            Version = 1, CreatedAt = now, UpdatedAt = now, Demo = demo,
        }.WithProfile(profile).WithActivities(activities ?? []);
        var events = new List<object> { organization.State<OrganizationRegistered>(Guid.NewGuid()) };
        events.AddRange(organization.AllActivities.Select(a => a.State<ActivityRecorded>(Guid.NewGuid(), organization.Id)));
        return await WriteAsync(organization, events, ct);
    }

    /// <summary>
    /// Replaces the profile. With <paramref name="expectedVersion"/> the write happens only at that version;
    /// without it, a concurrent writer's change is re-read and this one applied on top. <paramref name="audit"/>: the
    /// audit entry recording the change (given the organization before and as written), saved in the same transaction.
    /// </summary>
    public Task<UpdateOutcome> UpdateAsync(Guid id, OrganizationProfile profile, long? expectedVersion, CancellationToken ct,
        AuditOf? audit = null) =>
        ChangeAsync(id, expectedVersion, (current, now) =>
        {
            var updated = current.WithProfile(profile) with { Version = current.Version + 1, UpdatedAt = now };
            return new Change(updated, [updated.State<OrganizationUpdated>(Guid.NewGuid())]);
        }, ct, audit);

    /// <summary>Removes the organization with its activities and positions. Its id is never reused.</summary>
    public Task<UpdateOutcome> RemoveAsync(Guid id, long? expectedVersion, CancellationToken ct, AuditOf? audit = null) =>
        ChangeAsync(id, expectedVersion, (current, now) =>
        {
            var removed = current.WithActivities([]) with { Version = current.Version + 1, UpdatedAt = now };
            var events = current.AllActivities.Select(a => (object)a.Removed(Guid.NewGuid(), id, now)).Append(removed.Removed(Guid.NewGuid())).ToList();
            return new Change(removed, events, Removal: true);
        }, ct, audit);

    public Task<UpdateOutcome> RecordActivityAsync(Guid id, ValidActivity valid, CancellationToken ct, Guid? activityId = null, AuditOf? audit = null) =>
        ChangeAsync(id, null, (current, now) =>
        {
            if (current.AllActivities.Count >= MaxActivities)
                return Refusal.Of("activities", $"The organization already has {MaxActivities} activities; remove past ones first.");
            var activity = valid.ToActivity(activityId ?? Guid.CreateVersion7(now), 1, now);
            var updated = current.WithActivities([activity, .. current.AllActivities]) with { Version = current.Version + 1, UpdatedAt = now };
            return new Change(updated, [activity.State<ActivityRecorded>(Guid.NewGuid(), id)]);
        }, ct, audit);

    public Task<UpdateOutcome> UpdateActivityAsync(Guid id, Guid activityId, ValidActivity valid, long? expectedVersion, CancellationToken ct, AuditOf? audit = null) =>
        ChangeAsync(id, null, (current, now) =>
        {
            var existing = current.AllActivities.FirstOrDefault(a => a.Id == activityId);
            if (existing is null) return Refusal.Missing($"Activity {activityId}");
            if (expectedVersion is { } expected && existing.Version != expected) return new UpdateOutcome.VersionMismatch(existing.Version);
            var activity = valid.ToActivity(activityId, existing.Version + 1, now);
            var updated = current.WithActivities([.. current.AllActivities.Select(a => a.Id == activityId ? activity : a)]) with { Version = current.Version + 1, UpdatedAt = now };
            return new Change(updated, [activity.State<ActivityUpdated>(Guid.NewGuid(), id)]);
        }, ct, audit);

    public Task<UpdateOutcome> RemoveActivityAsync(Guid id, Guid activityId, CancellationToken ct, AuditOf? audit = null) =>
        ChangeAsync(id, null, (current, now) =>
        {
            var existing = current.AllActivities.FirstOrDefault(a => a.Id == activityId);
            if (existing is null) return Refusal.Missing($"Activity {activityId}");
            var updated = current.WithActivities([.. current.AllActivities.Where(a => a.Id != activityId)]) with { Version = current.Version + 1, UpdatedAt = now };
            return new Change(updated, [existing.Removed(Guid.NewGuid(), id, now)]);
        }, ct, audit);

    /// <summary>
    /// The write that replaces a profile (when given) and adds or replaces activities (by id), for imports, which
    /// check versions and the activity limit themselves.
    /// </summary>
    public async Task<DocumentWrite> ImportUpdateAsync(Organization current, OrganizationProfile? profile, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var replaced = activities.Where(a => current.AllActivities.Any(c => c.Id == a.Id)).ToDictionary(a => a.Id);
        var added = activities.Where(a => !replaced.ContainsKey(a.Id)).ToList();
        var updated = (profile is null ? current : current.WithProfile(profile))
            .WithActivities([.. added, .. current.AllActivities.Select(a => replaced.GetValueOrDefault(a.Id, a))]) with { Version = current.Version + 1, UpdatedAt = now };
        var events = new List<object>();
        if (profile is not null) events.Add(updated.State<OrganizationUpdated>(Guid.NewGuid()));
        events.AddRange(added.Select(a => a.State<ActivityRecorded>(Guid.NewGuid(), current.Id)));
        events.AddRange(replaced.Values.Select(a => a.State<ActivityUpdated>(Guid.NewGuid(), current.Id)));
        return await WriteAsync(updated, events, ct);
    }

    public async Task<Organization?> GetAsync(Guid id, CancellationToken ct)
    {
        var stored = await store.GetAsync(Collection, id.ToString(), ct);
        return stored is null ? null : Read(stored.Json);
    }

    /// <summary>Every organization, removed ones included (flagged), in id order, read a page at a time: for exports and imports.</summary>
    public async IAsyncEnumerable<(Organization Organization, bool Removed)> ScanAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        const int page = 1000;
        string? after = null;
        while (true)
        {
            var documents = await store.ScanAsync(Collection, after, page, ct);
            foreach (var document in documents) yield return (Read(document.Json), document.Deleted);
            if (documents.Count < page) yield break;
            after = documents[^1].Id;
        }
    }

    public async Task<OrganizationPage> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var found = await store.SearchAsync(Collection, query, ct);
        var items = found.Items.Select(d => Read(d.Json).Summary()).ToList();
        return new OrganizationPage(items, items.Count, found.Total, found.FacetCounts, found.Next);
    }

    public Task SaveAllAsync(IReadOnlyList<DocumentWrite> writes, CancellationToken ct) => store.SaveAllAsync(writes, ct);

    public static Organization Read(string json) => JsonSerializer.Deserialize<Organization>(json, JsonSerializerOptions.Web)!;

    private sealed record Change(Organization Organization, IReadOnlyList<object> Events, bool Removal = false);

    private static class Refusal
    {
        public static UpdateOutcome Of(string field, string detail) => new UpdateOutcome.Refused(field, detail);
        public static UpdateOutcome Missing(string what) => new UpdateOutcome.Refused(null, $"{what} does not exist.");
    }

    /// <summary>
    /// Reads, changes and writes the entry (with its audit entry, when given), retrying on a concurrent write unless a
    /// version was expected.
    /// </summary>
    private async Task<UpdateOutcome> ChangeAsync(Guid id, long? expectedVersion, Func<Organization, DateTimeOffset, object> change, CancellationToken ct,
        AuditOf? audit = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(id, ct);
            if (current is null) return new UpdateOutcome.NotFound();
            if (expectedVersion is { } expected && current.Version != expected) return new UpdateOutcome.VersionMismatch(current.Version);

            var now = clock.GetUtcNow();
            var outcome = change(current, now);
            if (outcome is UpdateOutcome refused) return refused;
            var planned = (Change)outcome;
            try
            {
                var write = await WriteAsync(planned.Organization, planned.Events, ct);
                IReadOnlyList<DocumentWrite> audited = audit is null ? [] : [audit(current, planned.Organization)];
                if (planned.Removal)
                {
                    write = write with { Change = write.Change with { Deleted = true, SearchText = null, Facets = null } };
                    await store.SaveAllAsync([write, .. await positions.RemovalsForAsync(id, now, ct), .. audited], ct);
                }
                else if (audited.Count == 0) await store.SaveAsync(write.Change, write.Events, ct);
                else await store.SaveAllAsync([write, .. audited], ct);
                return new UpdateOutcome.Updated(planned.Organization);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                // Someone else wrote in between: read again and re-apply, after a short random pause so that
                // writers racing for the same organization spread out.
                await Task.Delay(Random.Shared.Next(1, 4 * attempt), ct);
            }
            catch (ConcurrencyConflictException) when (expectedVersion is not null)
            {
                return new UpdateOutcome.VersionMismatch((await GetAsync(id, ct))?.Version ?? 0);
            }
        }
    }

    /// <summary>
    /// Derives every stored organization's search text, facets and sort key again, at the version it has (no new
    /// version, no event): after an upgrade changed how they are derived. How many were rewritten.
    /// </summary>
    public async Task<int> RederiveSearchAsync(CancellationToken ct)
    {
        var rewritten = 0;
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(Collection, after, 500, ct);
            if (page.Count == 0) return rewritten;
            foreach (var stored in page.Where(d => !d.Deleted))
                if (await store.ReindexAsync((await WriteAsync(Read(stored.Json), [], ct)).Change, ct)) rewritten++;
            after = page[^1].Id;
        }
    }

    /// <summary>The stored form: the entry as JSON, its text (with the names of the situations it works on) and its facets.</summary>
    private async Task<DocumentWrite> WriteAsync(Organization organization, IReadOnlyList<object> events, CancellationToken ct)
    {
        // Every stored version of an organization goes out as an organization event too (an activity's change as well), so
        // a replica of organizations reaches the directory's own version, and a checkpoint's sums can compare the two.
        if (!events.Any(e => e is OrganizationState or OrganizationRemoved)) events = [organization.State<OrganizationUpdated>(Guid.NewGuid()), .. events];
        var activities = organization.AllActivities;
        var situationNames = await situations.GetManyAsync(activities.SelectMany(a => a.Situations), ct);
        IReadOnlyList<string> Distinct(IEnumerable<string?> values) => values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var facets = new Dictionary<string, IReadOnlyList<string>>
        {
            ["theme"] = Distinct(organization.Themes.Concat(activities.SelectMany(a => a.Themes))),
            ["country"] = Distinct(organization.Countries.Prepend(organization.Country).Concat(activities.SelectMany(a => a.Countries))),
            ["region"] = Distinct(organization.Regions.SelectMany(RegionWithParents)),
            ["situation"] = Distinct(activities.SelectMany(a => a.Situations)),
            ["sector"] = organization.Sectors,
            ["scope"] = Distinct([organization.Scope]),
            ["language"] = organization.Languages,
            ["membership"] = Distinct([organization.Membership?.Status]),
            ["function"] = organization.Functions,
        };
        var text = SearchTextOf(organization, activities, situationNames.Values, facets);
        var at = organization.UpdatedAt;
        return new DocumentWrite(
            new DocumentChange(Collection, organization.Id.ToString(), organization.Version,
                JsonSerializer.Serialize(organization, JsonSerializerOptions.Web), at,
                SearchText: text,
                SortKey: organization.Name.ToLowerInvariant(),
                Facets: facets),
            events.Select(e => OutboxMessages.Create(e, EventIdOf(e), at)).ToList());
    }

    /// <summary>
    /// What a search looks through: the profile's texts (of unknown language, so stemmed in all three), its translations
    /// (in their language), its activities, the names of the situations they concern, and the English, French and
    /// Spanish labels of its themes, sectors, functions, regions and countries, so that a member finds it in the words
    /// of their own language.
    /// </summary>
    private static string SearchTextOf(Organization organization, IReadOnlyList<Activity> activities, IEnumerable<Situation> situations,
        IReadOnlyDictionary<string, IReadOnlyList<string>> facets)
    {
        var text = new System.Text.StringBuilder();
        void Add(string? language, params IEnumerable<string?> parts)
        {
            var joined = string.Join('\n', parts.OfType<string>());
            if (joined.Length > 0) text.Append(SearchText.InLanguage(language, joined));
        }

        Add(null, organization.Name, organization.Acronym, organization.Description);
        foreach (var (language, translation) in organization.Translations) Add(language, translation.Name, translation.Acronym, translation.Description);
        foreach (var activity in activities) Add(null, activity.Title, activity.Description);
        foreach (var situation in situations)
        {
            Add(null, situation.Name);
            foreach (var (language, name) in situation.Names) Add(language, name);
        }
        foreach (var language in (string[])["en", "fr", "es"])
            Add(language, VocabularyLabels.Of(facets, language));
        return text.ToString();
    }

    private static IEnumerable<string> RegionWithParents(string code)
    {
        for (var term = Vocabulary.Regions.FirstOrDefault(t => t.Code == code); term is not null; term = Vocabulary.Regions.FirstOrDefault(t => t.Code == term.Parent))
            yield return term.Code;
    }

    private static Guid EventIdOf(object e) => e switch
    {
        OrganizationState s => s.EventId,
        OrganizationRemoved r => r.EventId,
        ActivityState a => a.EventId,
        ActivityRemoved r => r.EventId,
        _ => Guid.NewGuid(),
    };
}

public abstract record UpdateOutcome
{
    public sealed record Updated(Organization Organization) : UpdateOutcome;
    public sealed record NotFound : UpdateOutcome;
    public sealed record VersionMismatch(long CurrentVersion) : UpdateOutcome;
    /// <summary>The change cannot be made: <see cref="Field"/> names why (null: a part of the entry does not exist).</summary>
    public sealed record Refused(string? Field, string Detail) : UpdateOutcome;
}

/// <summary>A page of organizations (without their activities): <see cref="Count"/> on this page, <see cref="Total"/> matching, facet counts, and the cursor to the next page.</summary>
public sealed record OrganizationPage(
    IReadOnlyList<Organization> Items,
    int Count,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    string? Next);
