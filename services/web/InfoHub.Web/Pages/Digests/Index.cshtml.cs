using InfoHub.Web.Pages.News;
using InfoHub.Web.Shared.Api;

namespace InfoHub.Web.Pages.Digests;

/// <summary>The digest archive: the published digests, newest period first, paged by the API's cursor, and their Atom feed.</summary>
public sealed class DigestsPage(DirectoryApi directory, DigestApi digests) : NewsListPage<DigestSummary>(directory)
{
    public const string Path = "/digests";
    public const int PageSize = 20;

    public Task OnGetAsync(CancellationToken ct) =>
        LoadAsync(Path, DigestApi.ListParameters, query => digests.ListAsync(Digest.Published, query, PageSize, ct), ct);
}
