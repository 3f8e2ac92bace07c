using InfoHub.Directory.Activities;
using InfoHub.Directory.Organizations;
using InfoHub.Directory.Situations;
using InfoHub.Platform.Http;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.Imports;

/// <summary>The JSON import (and export) document: organizations and activities, each in the shape the API accepts.</summary>
public sealed record ImportDocument
{
    public List<OrganizationInput?>? Organizations { get; init; }
    public List<ActivityInput?>? Activities { get; init; }
}

/// <summary>One row of an import: where it was (a CSV line or a JSON path) and what it holds.</summary>
public sealed record ImportRow<T>(string Row, T? Input) where T : class;

public sealed record ImportReport(bool DryRun, int AcceptedCount, int RejectedCount, IReadOnlyList<AcceptedRow> Accepted, IReadOnlyList<RejectedRow> Rejected);

/// <param name="Action">created or updated.</param>
public sealed record AcceptedRow(string Row, string Kind, Guid Id, string Action);

public sealed record RejectedRow(string Row, string Kind, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Bulk import, validated row by row. A rejected row stores nothing; the accepted rows are stored together in one
/// atomic write, so an import is never half done: if anything changes the same organizations meanwhile, nothing is
/// stored and the caller is told to send the file again.
/// </summary>
public sealed class DirectoryImporter(OrganizationStore organizations, SituationStore situations, TimeProvider clock)
{
    public const int MaxRows = 25_000;

    public async Task<ImportReport> ImportAsync(
        IReadOnlyList<ImportRow<OrganizationInput>> organizationRows, IReadOnlyList<ImportRow<ActivityInput>> activityRows, bool dryRun, CancellationToken ct)
    {
        var accepted = new List<AcceptedRow>();
        var rejected = new List<RejectedRow>();
        void Reject(string row, string kind, string field, string message) =>
            rejected.Add(new RejectedRow(row, kind, new Dictionary<string, string[]> { [field] = [message] }));

        // Organizations: validate, then decide create or update by id.
        var plans = new Dictionary<Guid, Plan>();
        foreach (var (row, input) in organizationRows)
        {
            if (input is null) { Reject(row, "organization", "body", "Each row must be an object."); continue; }
            var (profile, errors) = input.Validate();
            Guid? id = null;
            if (input.Id is not null)
            {
                if (Guid.TryParse(input.Id, out var parsed) && parsed != Guid.Empty) id = parsed;
                else errors.Add("id", "'id' must be a UUID.");
            }
            if (profile is null || errors.Any) { rejected.Add(new RejectedRow(row, "organization", errors.ToDictionary())); continue; }
            var key = id ?? Guid.CreateVersion7(clock.GetUtcNow());
            if (plans.TryGetValue(key, out var earlier) && earlier.Profile is not null) { Reject(row, "organization", "id", $"Organization {key} is already in row {earlier.Row}."); continue; }
            var current = id is null ? null : await organizations.GetAsync(key, ct);
            plans[key] = new Plan(row, key, profile, current);
            accepted.Add(new AcceptedRow(row, "organization", key, current is null ? "created" : "updated"));
        }

        // Activities: their organization must exist or be created by this import; situations must exist.
        var known = (await situations.GetManyAsync(activityRows.SelectMany(r => r.Input?.NamedSituations ?? []).Where(SituationInput.IsId), ct)).Keys.ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var (row, input) in activityRows)
        {
            if (input is null) { Reject(row, "activity", "body", "Each row must be an object."); continue; }
            var (valid, errors) = input.Validate(known);
            Guid organization = default, activityId = default;
            if (!Guid.TryParse(input.OrganizationId, out organization)) errors.Add("organizationId", "'organizationId' must be the UUID of an organization in the directory or in this import.");
            if (input.Id is not null && (!Guid.TryParse(input.Id, out activityId) || activityId == Guid.Empty)) errors.Add("id", "'id' must be a UUID.");
            if (valid is null || errors.Any) { rejected.Add(new RejectedRow(row, "activity", errors.ToDictionary())); continue; }

            if (!plans.TryGetValue(organization, out var plan))
            {
                var current = await organizations.GetAsync(organization, ct);
                if (current is null) { Reject(row, "activity", "organizationId", $"Organization {organization} is neither in the directory nor in this import."); continue; }
                plans[organization] = plan = new Plan(row, organization, null, current);
            }
            if (activityId == default) activityId = Guid.CreateVersion7(now);
            if (plan.Activities.Any(a => a.Id == activityId)) { Reject(row, "activity", "id", $"Activity {activityId} is already in this import."); continue; }
            var existing = plan.Current?.AllActivities.FirstOrDefault(a => a.Id == activityId);
            var total = (plan.Current?.AllActivities.Count ?? 0) + plan.Activities.Count(a => plan.Current?.AllActivities.All(c => c.Id != a.Id) ?? true);
            if (existing is null && total >= OrganizationStore.MaxActivities)
            {
                Reject(row, "activity", "organizationId", $"Organization {organization} would have more than {OrganizationStore.MaxActivities} activities.");
                continue;
            }
            plan.Activities.Add(valid.ToActivity(activityId, (existing?.Version ?? 0) + 1, now));
            accepted.Add(new AcceptedRow(row, "activity", activityId, existing is null ? "created" : "updated"));
        }

        if (!dryRun && accepted.Count > 0)
        {
            var writes = new List<DocumentWrite>();
            foreach (var plan in plans.Values)
            {
                writes.Add(plan.Current is null
                    ? await organizations.RegistrationAsync(plan.Profile!, plan.Id, demo: false, ct, plan.Activities)
                    : await organizations.ImportUpdateAsync(plan.Current, plan.Profile, plan.Activities, ct));
            }
            await organizations.SaveAllAsync(writes, ct);
        }
        return new ImportReport(dryRun, accepted.Count, rejected.Count, accepted, rejected);
    }

    private sealed record Plan(string Row, Guid Id, OrganizationProfile? Profile, Organization? Current)
    {
        public List<Activity> Activities { get; } = [];
    }
}
