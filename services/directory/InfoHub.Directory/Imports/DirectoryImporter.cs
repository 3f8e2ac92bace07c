using System.Security.Claims;
using System.Text.Json;
using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Audit;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Imports;

/// <summary>The JSON import (and export) document: organizations and activities, each in the shape the API accepts.</summary>
public sealed record ImportDocument
{
    public List<OrganizationInput?>? Organizations { get; init; }
    public List<ActivityInput?>? Activities { get; init; }
}

/// <summary>
/// One row of an import: where it was (a CSV line or a JSON path), what it holds on its own, how it applies over the
/// entry it updates (only the fields the row gives), or why it could not be read.
/// </summary>
public sealed record ImportRow<T>(string Row, T? Input, Func<T, T>? Merge = null, RowProblem? Problem = null) where T : class;

/// <summary>Why a row could not be read, naming the field (or <c>row</c> for a CSV row of the wrong shape).</summary>
public sealed record RowProblem(string Field, string Message);

/// <param name="Replace">An update replaces the whole profile (or activity) with the row: fields the row lacks are cleared.</param>
/// <param name="CreateDuplicates">Create a row without an id even when it matches an organization already there.</param>
public sealed record ImportOptions(bool DryRun, bool Replace, bool CreateDuplicates);

public sealed record ImportReport(
    bool DryRun, int AcceptedCount, int RejectedCount, int CreatedCount, int UpdatedCount, int UnchangedCount, int DuplicateCount,
    IReadOnlyList<AcceptedRow> Accepted, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<DuplicateRow> Duplicates);

/// <param name="Action">created, updated or unchanged.</param>
public sealed record AcceptedRow(string Row, string Kind, Guid Id, string Action);

public sealed record RejectedRow(string Row, string Kind, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// A row without an id that names an organization already there (<paramref name="ExistingRow"/>: one this import adds);
/// it is not created unless the import says <c>duplicates=create</c>.
/// </summary>
/// <param name="MatchedOn">"name" or "acronym", with the headquarters country.</param>
public sealed record DuplicateRow(string Row, string Kind, Guid ExistingId, string ExistingName, string MatchedOn, string? ExistingRow);

/// <summary>The import met organizations that changed while it ran: nothing was stored.</summary>
public sealed class ImportConflictException(IReadOnlyList<string> rows) : Exception($"Organizations of {string.Join(", ", rows)} changed while the import ran.")
{
    public IReadOnlyList<string> Rows { get; } = rows;
}

/// <summary>
/// Bulk import, validated row by row. A rejected row stores nothing; the accepted rows are stored together in one
/// atomic write with one audit entry per organization created or changed, so an import is never half done. A dry run
/// goes through the same decisions and only leaves out the write.
/// </summary>
public sealed class DirectoryImporter(
    OrganizationStore organizations, SituationStore situations, [FromKeyedServices(DirectoryExtensions.Service)] AuditTrail audit, TimeProvider clock)
{
    public const int MaxRows = 25_000;

    public async Task<ImportReport> ImportAsync(
        IReadOnlyList<ImportRow<OrganizationInput>> organizationRows, IReadOnlyList<ImportRow<ActivityInput>> activityRows, ImportOptions options,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var accepted = new List<AcceptedRow>();
        var rejected = new List<RejectedRow>();
        var duplicates = new List<DuplicateRow>();
        void Reject(string row, string kind, string field, string message) =>
            rejected.Add(new RejectedRow(row, kind, new Dictionary<string, string[]> { [field] = [message] }));

        var directory = await DirectoryState.LoadAsync(organizations, ct);
        var plans = new Dictionary<Guid, Plan>();
        var now = clock.GetUtcNow();

        foreach (var (row, given, merge, problem) in organizationRows)
        {
            if (problem is not null) { Reject(row, "organization", problem.Field, problem.Message); continue; }
            if (given is null) { Reject(row, "organization", "body", "Each row must be an object."); continue; }
            Guid? id = null;
            if (given.Id is not null)
            {
                if (Guid.TryParse(given.Id, out var parsed) && parsed != Guid.Empty) id = parsed;
                else { Reject(row, "organization", "id", "'id' must be a UUID."); continue; }
            }
            if (id is { } removedId && directory.Removed.Contains(removedId))
            {
                Reject(row, "organization", "id", $"Organization {removedId} was removed, and its id is never reused; leave the id out to add the organization anew.");
                continue;
            }
            if (id is { } seen && plans.TryGetValue(seen, out var earlier)) { Reject(row, "organization", "id", $"Organization {seen} is already in {earlier.Row}."); continue; }

            var current = id is { } existingId ? directory.Live.GetValueOrDefault(existingId) : null;
            var input = current is null || options.Replace || merge is null ? given : merge(OrganizationCsv.ToInput(current));
            var (profile, errors) = input.Validate();
            if (profile is null || errors.Any) { rejected.Add(new RejectedRow(row, "organization", errors.ToDictionary())); continue; }

            if (current is null)
            {
                if (id is null && directory.Match(profile) is { } match && !options.CreateDuplicates)
                {
                    duplicates.Add(new DuplicateRow(row, "organization", match.Id, match.Name, match.On, match.Row));
                    continue;
                }
                var newId = id ?? Guid.CreateVersion7(now);
                directory.Add(newId, profile, row);
                plans[newId] = new Plan(row, newId, null) { Profile = profile };
                accepted.Add(new AcceptedRow(row, "organization", newId, "created"));
                continue;
            }
            var changed = !SameProfile(current, profile);
            plans[current.Id] = new Plan(row, current.Id, current) { Profile = changed ? profile : null };
            accepted.Add(new AcceptedRow(row, "organization", current.Id, changed ? "updated" : "unchanged"));
        }

        // Activities: their organization must exist or be created by this import; situations must exist.
        // A row that merges over an activity keeps that activity's situations, so those are looked up too.
        var named = activityRows.Count == 0 ? [] : activityRows.SelectMany(r => r.Input?.NamedSituations ?? [])
            .Concat(directory.Live.Values.SelectMany(o => o.AllActivities).SelectMany(a => a.Situations)).Distinct().Where(SituationInput.IsId);
        var known = (await situations.GetManyAsync(named, ct)).Keys.ToHashSet();
        var activityIds = new Dictionary<Guid, string>();
        foreach (var (row, given, merge, problem) in activityRows)
        {
            if (problem is not null) { Reject(row, "activity", problem.Field, problem.Message); continue; }
            if (given is null) { Reject(row, "activity", "body", "Each row must be an object."); continue; }
            Guid organization = default, activityId = default;
            if (!Guid.TryParse(given.OrganizationId, out organization))
            {
                Reject(row, "activity", "organizationId", "'organizationId' must be the UUID of an organization in the directory or in this import.");
                continue;
            }
            if (given.Id is not null && (!Guid.TryParse(given.Id, out activityId) || activityId == Guid.Empty)) { Reject(row, "activity", "id", "'id' must be a UUID."); continue; }
            if (!plans.TryGetValue(organization, out var plan))
            {
                var owner = directory.Live.GetValueOrDefault(organization);
                if (owner is null)
                {
                    Reject(row, "activity", "organizationId", directory.Removed.Contains(organization)
                        ? $"Organization {organization} was removed."
                        : $"Organization {organization} is neither in the directory nor in this import.");
                    continue;
                }
                plans[organization] = plan = new Plan(row, organization, owner);
            }
            if (activityId != default && activityIds.TryGetValue(activityId, out var earlierRow)) { Reject(row, "activity", "id", $"Activity {activityId} is already in {earlierRow}."); continue; }
            var existing = activityId == default ? null : plan.Current?.AllActivities.FirstOrDefault(a => a.Id == activityId);
            var input = existing is null || options.Replace || merge is null ? given : merge(ActivityCsv.ToInput(organization, existing));
            var (valid, errors) = input.Validate(known);
            if (valid is null || errors.Any) { rejected.Add(new RejectedRow(row, "activity", errors.ToDictionary())); continue; }

            if (activityId == default) activityId = Guid.CreateVersion7(now);
            activityIds[activityId] = row;
            if (existing is not null && SameActivity(existing, valid.ToActivity(activityId, existing.Version, existing.UpdatedAt)))
            {
                accepted.Add(new AcceptedRow(row, "activity", activityId, "unchanged"));
                continue;
            }
            var total = (plan.Current?.AllActivities.Count ?? 0) + plan.Activities.Count(a => plan.Current?.AllActivities.All(c => c.Id != a.Id) ?? true);
            if (existing is null && total >= OrganizationStore.MaxActivities)
            {
                Reject(row, "activity", "organizationId", $"Organization {organization} would have more than {OrganizationStore.MaxActivities} activities.");
                continue;
            }
            plan.Activities.Add(valid.ToActivity(activityId, (existing?.Version ?? 0) + 1, now));
            accepted.Add(new AcceptedRow(row, "activity", activityId, existing is null ? "created" : "updated"));
        }

        var changes = plans.Values.Where(p => p.Current is null || p.Profile is not null || p.Activities.Count > 0).ToList();
        if (!options.DryRun && changes.Count > 0)
        {
            var writes = new List<DocumentWrite>();
            foreach (var plan in changes)
            {
                var write = plan.Current is null
                    ? await organizations.RegistrationAsync(plan.Profile!, plan.Id, demo: false, ct, plan.Activities)
                    : await organizations.ImportUpdateAsync(plan.Current, plan.Profile, plan.Activities, ct);
                var stored = OrganizationStore.Read(write.Change.Json);
                writes.Add(write);
                writes.Add(audit.Entry(user, plan.Current is null ? "organization.registered" : "organization.updated", $"organization/{plan.Id}",
                    $"import, {plan.Row}: version {stored.Version}: {stored.Name}", plan.Current, stored));
            }
            try
            {
                await organizations.SaveAllAsync(writes, ct);
            }
            catch (ConcurrencyConflictException)
            {
                var changed = new List<string>();
                foreach (var plan in changes)
                {
                    var version = (await organizations.GetAsync(plan.Id, ct))?.Version ?? 0;
                    if (version != (plan.Current?.Version ?? 0)) changed.Add(plan.Row);
                }
                throw new ImportConflictException(changed);
            }
        }

        var count = (string action) => accepted.Count(a => a.Action == action);
        return new ImportReport(options.DryRun, accepted.Count, rejected.Count, count("created"), count("updated"), count("unchanged"), duplicates.Count,
            accepted, rejected, duplicates);
    }

    /// <summary>Profiles compare as the API shows them (the profile's fields only, translations in their stored order).</summary>
    private static bool SameProfile(Organization current, OrganizationProfile profile) =>
        JsonSerializer.Serialize<OrganizationProfile>(current, JsonSerializerOptions.Web) == JsonSerializer.Serialize(profile, JsonSerializerOptions.Web);

    private static bool SameActivity(Activity a, Activity b) =>
        JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web);

    private sealed record Plan(string Row, Guid Id, Organization? Current)
    {
        /// <summary>The new profile: a new organization's, or a changed one's (null when only activities change).</summary>
        public OrganizationProfile? Profile { get; init; }
        public List<Activity> Activities { get; } = [];
    }
}
