using System.Text.Json;
using InfoHub.Contracts.Identity;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Security;
using InfoHub.Platform.Storage;

namespace InfoHub.Identity.Revocations;

/// <summary>
/// Revokes every token of a subject (an account or a machine client) issued until now: kept in the identity service's
/// store with the <see cref="SubjectTokensRevoked"/> event in the same write (the outbox relays it to every process),
/// and applied at once to this process's <see cref="RevokedSubjects"/>. The list of revocations still in force is
/// public (<c>GET /api/identity/revocations</c>), like a certificate revocation list: the gateway reads it, and every
/// service on start.
/// </summary>
public sealed class SubjectRevocations(
    [FromKeyedServices(IdentityExtensions.Service)] IDocumentStore store,
    RevokedSubjects revoked,
    TimeProvider time)
{
    public const string Collection = "revocations";

    private sealed record Stored(string Subject, DateTimeOffset RevokedAt, string Reason);

    public async Task RevokeAsync(string subject, string reason, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var current = await store.GetAsync(Collection, subject, ct);
            var version = (current?.Version ?? 0) + 1;
            var revocation = new SubjectTokensRevoked { EventId = Guid.CreateVersion7(), Subject = subject, Version = version, RevokedAt = now, Reason = reason };
            try
            {
                await store.SaveAsync(
                    new DocumentChange(Collection, subject, version, JsonSerializer.Serialize(new Stored(subject, now, reason), JsonSerializerOptions.Web), now),
                    [OutboxMessages.Create(revocation, revocation.EventId, now)], ct);
                revoked.Revoke(subject, now);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Revoked twice at once: the later revocation wins either way.
            }
        }
    }

    /// <summary>Whether the subject's tokens were revoked at or after <paramref name="since"/>.</summary>
    public async Task<bool> RevokedSinceAsync(string subject, DateTimeOffset since, CancellationToken ct) =>
        await store.GetAsync(Collection, subject, ct) is { } stored
        && JsonSerializer.Deserialize<Stored>(stored.Json, JsonSerializerOptions.Web)!.RevokedAt >= since;

    /// <summary>Revocations whose tokens may not have expired yet, oldest first.</summary>
    public async Task<IReadOnlyList<SubjectRevocation>> InForceAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow() - RevokedSubjects.Horizon;
        var list = new List<SubjectRevocation>();
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(Collection, after, 1000, ct);
            foreach (var document in page.Where(d => !d.Deleted))
            {
                var stored = JsonSerializer.Deserialize<Stored>(document.Json, JsonSerializerOptions.Web)!;
                if (stored.RevokedAt >= since) list.Add(new SubjectRevocation(stored.Subject, stored.RevokedAt));
            }
            if (page.Count < 1000) break;
            after = page[^1].Id;
        }
        return list.OrderBy(r => r.RevokedAt).ToList();
    }

    /// <summary>On start: what was revoked before a restart is refused by this process again.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var revocation in await InForceAsync(ct)) revoked.Revoke(revocation.Subject, revocation.RevokedAt);
    }
}
