using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The directory's public HTTP API, as the portal calls it: through the gateway in distributed mode, on this process's
/// own loopback address in the embedded host. Never the directory's store.
/// </summary>
public sealed class DirectoryApi(HttpClient http, IMemoryCache cache, ILogger<DirectoryApi> logger) : HubApi(http, logger)
{
    /// <summary>The search's own parameters, in the API's names: the portal passes on these and no others.</summary>
    public static readonly string[] SearchParameters = ["q", .. Facets.All, "sort", "cursor"];

    public Task<ApiResult<OrganizationPage>> SearchAsync(IEnumerable<KeyValuePair<string, string>> query, int limit, CancellationToken ct) =>
        GetAsync<OrganizationPage>("api/directory/organizations" + QueryString(query.Append(KeyValuePair.Create("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))), ct);

    public Task<ApiResult<Organization>> OrganizationAsync(Guid id, CancellationToken ct) =>
        GetAsync<Organization>($"api/directory/organizations/{id}", ct);

    /// <summary>
    /// Replaces an organization's profile as the signed-in person, only if it is still at <paramref name="version"/>
    /// (<c>If-Match</c>): a 412 refusal means someone changed it meanwhile; a 400 names each invalid field.
    /// </summary>
    public Task<ApiResult<Organization>> ReplaceOrganizationAsync(Guid id, object profile, long version, CancellationToken ct) =>
        SendJsonAsync<Organization>(HttpMethod.Put, $"api/directory/organizations/{id}", profile, ct, version);

    public Task<ApiResult<PositionPage>> PositionsAsync(Guid organization, CancellationToken ct) =>
        GetAsync<PositionPage>($"api/directory/organizations/{organization}/positions", ct);

    public Task<ApiResult<SituationView>> SituationAsync(string id, string? cursor, CancellationToken ct) =>
        GetAsync<SituationView>($"api/directory/situations/{Uri.EscapeDataString(id)}" + QueryString(cursor is null ? [] : [KeyValuePair.Create("cursor", cursor)]), ct);

    /// <summary>Every curated situation (a few dozen: the API's largest page holds them).</summary>
    public Task<ApiResult<SituationPage>> SituationsAsync(CancellationToken ct) =>
        GetAsync<SituationPage>("api/directory/situations?limit=100", ct);

    /// <summary>How long the situations are kept for naming them: a situation renamed or added shows its old name or its code at most this long.</summary>
    public static readonly TimeSpan SituationNamesKept = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The situations, to name them in labels (facets, activities, chips). The API gives every caller the same list, so
    /// one copy is kept for <see cref="SituationNamesKept"/> and shared by all visitors: otherwise every page makes a
    /// second API call only for names. A page that shows the situations themselves reads <see cref="SituationsAsync"/>.
    /// </summary>
    public Task<ApiResult<SituationPage>> SituationNamesAsync(CancellationToken ct) =>
        KeptAsync(cache, "SituationNames", SituationNamesKept, () => SituationsAsync(ct));

    /// <summary>The vocabularies change only with a release (the API lets clients keep them an hour): read once an hour.</summary>
    public Task<ApiResult<Vocabularies>> VocabulariesAsync(CancellationToken ct) =>
        KeptAsync(cache, nameof(Vocabularies), TimeSpan.FromHours(1), async () =>
        {
            var read = await GetAsync<Dictionary<string, IReadOnlyList<Term>>>("api/directory/vocabularies", ct);
            return read.Succeeded ? ApiResult<Vocabularies>.Of(new Vocabularies(read.Value!)) : ApiResult<Vocabularies>.Refused(read.Status, read.Detail, read.Errors);
        });
}
