using System.Net;
using System.Security.Claims;
using InfoHub.Web.Shared.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Pages.Workspace;

/// <summary>
/// The machine clients: partner coalitions' systems and the secretariat's automation, which get tokens with client
/// credentials. A new client's secret is shown once, at an address of its own after the post (post, redirect, get):
/// the portal keeps it for its author until shown, at most <see cref="SecretKept"/>, and a reload no longer shows it.
/// </summary>
public sealed class ClientsPage(DirectoryApi directory, MachineClientsApi machineClients, IMemoryCache secrets) : WorkspacePage(directory)
{
    public const string Path = "/workspace/clients";

    public static readonly TimeSpan SecretKept = TimeSpan.FromMinutes(10);

    /// <summary>The form's fields, by the API's names: their errors are shown beside them.</summary>
    public static readonly string[] FormFields = ["clientId", "displayName", "role"];

    public IReadOnlyList<MachineClient> Clients { get; private set; } = [];

    [BindProperty]
    public ClientForm Client { get; set; } = new();

    /// <summary>The client just created, with its secret: shown this once.</summary>
    public CreatedClient? Created { get; private set; }

    /// <summary>A created client's address opened again: its secret was shown already (or never collected in time).</summary>
    public bool SecretGone { get; private set; }

    public ApiErrors Errors { get; private set; } = ApiErrors.None;

    /// <summary>Why a deletion was refused (the API's own words), or null.</summary>
    public string? ActionRefused { get; private set; }

    /// <summary>What the last action did (deleted), after its redirect.</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, Guid? created, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        Done = done is "deleted" ? done : null;
        if (created is { } key)
        {
            if (secrets.TryGetValue(CacheKey(key), out KeptSecret? kept) && kept!.Author == User.FindFirstValue("sub"))
            {
                secrets.Remove(CacheKey(key));
                Created = kept.Client;
                // Not kept by the browser either: "back" to this page asks the portal again, which shows it no more.
                Response.Headers.CacheControl = "no-store";
            }
            else SecretGone = true;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        var role = Client.Role is "secretariat" ? "secretariat" : "partner";
        var created = await machineClients.CreateAsync(Client.ClientId?.Trim(), Client.DisplayName, role, ct);
        if (created.Succeeded)
        {
            var key = Guid.NewGuid();
            secrets.Set(CacheKey(key), new KeptSecret(User.FindFirstValue("sub"), created.Value!), SecretKept);
            return Redirect($"{Path}?created={key}");
        }
        if (created.Status is not (HttpStatusCode.BadRequest or HttpStatusCode.Conflict))
        {
            Refuse(created, Path);
            return Page();
        }
        Errors = ApiErrors.Of(created, "clientId");
        Response.StatusCode = (int)created.Status;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string clientId, CancellationToken ct)
    {
        if (CheckSecretariat() is { } stop) return stop;
        var deleted = await machineClients.DeleteAsync(clientId, ct);
        if (deleted.Succeeded) return Redirect($"{Path}?done=deleted");
        if (deleted.Status is not (HttpStatusCode.BadRequest or HttpStatusCode.NotFound))
        {
            Refuse(deleted, Path);
            return Page();
        }
        ActionRefused = deleted.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? deleted.Detail;
        Response.StatusCode = (int)deleted.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var clients = await machineClients.ClientsAsync(ct);
        if (!clients.Succeeded) { Refuse(clients, "/workspace"); return; }
        Clients = clients.Value!;
    }

    private static string CacheKey(Guid key) => $"client-secret:{key}";

    /// <summary>A new client's answer, kept for its author until the page shows it.</summary>
    private sealed record KeptSecret(string? Author, CreatedClient Client);
}

public sealed class ClientForm
{
    public string? ClientId { get; set; }
    public string? DisplayName { get; set; }
    public string? Role { get; set; }
}
