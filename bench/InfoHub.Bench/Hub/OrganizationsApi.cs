using System.Net.Http.Json;
using System.Text.Json;

namespace InfoHub.Bench.Hub;

/// <summary>What the bench reads back from the directory's and the contacts' organization endpoints.</summary>
public sealed record OrganizationView(Guid Id, string Name, long Version);

public sealed class HttpFailure(string message) : Exception(message);

/// <summary>The directory's write API and the contacts' replica read API, over one HTTP client each.</summary>
public sealed class OrganizationsApi(HttpClient client)
{
    private const string DirectoryRoute = "/api/directory/organizations";
    private const string ContactsRoute = "/api/contacts/organizations";
    private const string VocabularyRoute = "/api/directory/vocabularies/scopes";

    public async Task<OrganizationView> RegisterAsync(string name, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(DirectoryRoute, Body(name), JsonSerializerOptions.Web, ct);
        return await ReadAsync(response, "POST " + DirectoryRoute, ct);
    }

    /// <summary>Replaces the profile with a new name; returns the directory's new version, or the failing status.</summary>
    public async Task<(OrganizationView? Updated, int Status)> ReplaceAsync(Guid id, string name, CancellationToken ct)
    {
        using var response = await client.PutAsJsonAsync($"{DirectoryRoute}/{id}", Body(name), JsonSerializerOptions.Web, ct);
        if (!response.IsSuccessStatusCode) return (null, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrganizationView>(JsonSerializerOptions.Web, ct), (int)response.StatusCode);
    }

    /// <summary>
    /// A small GET the directory answers from memory (a vocabulary): through the gateway, the fixed cost of carrying an
    /// authenticated request to a service and back, the baseline a write is compared with.
    /// </summary>
    public async Task ReadVocabularyAsync(CancellationToken ct)
    {
        using var response = await client.GetAsync(VocabularyRoute, HttpCompletionOption.ResponseContentRead, ct);
        if (!response.IsSuccessStatusCode) throw new HttpFailure($"GET {VocabularyRoute} answered {(int)response.StatusCode}.");
    }

    /// <summary>The contacts' copy, or null while contacts has none.</summary>
    public async Task<OrganizationView?> ReplicaAsync(Guid id, CancellationToken ct)
    {
        using var response = await client.GetAsync($"{ContactsRoute}/{id}", ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        return await ReadAsync(response, "GET " + ContactsRoute, ct);
    }

    private static object Body(string name) => new { name, country = "CA" };

    private static async Task<OrganizationView> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpFailure($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        return await response.Content.ReadFromJsonAsync<OrganizationView>(JsonSerializerOptions.Web, ct)
               ?? throw new HttpFailure($"{what} answered an empty body.");
    }
}
