using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace InfoHub.Web.Shared.SignIn;

/// <summary>
/// Portal sessions kept on the server: the browser's cookie carries a random key (encrypted, like any ASP.NET Core
/// cookie), and the access and refresh tokens never leave the portal. Held in this process's memory, bounded: a
/// restarted portal forgets its sessions, and the next page sends the person through the provider again, where their
/// own sign-in (the identity service's cookie) usually still holds, so they come straight back signed in.
/// </summary>
public sealed class ServerSideSessions(TimeProvider clock) : ITicketStore, IDisposable
{
    /// <summary>More sessions than a few thousand organizations' people at once; when full, the least recently used are compacted away.</summary>
    public const int Capacity = 50_000;

    private readonly MemoryCache _sessions = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public int Count => _sessions.Count;

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Keep(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Keep(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        Task.FromResult(_sessions.TryGetValue(key, out AuthenticationTicket? ticket) ? ticket : null);

    public Task RemoveAsync(string key)
    {
        _sessions.Remove(key);
        return Task.CompletedTask;
    }

    private void Keep(string key, AuthenticationTicket ticket)
    {
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(8);
        _sessions.Set(key, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
    }

    public void Dispose() => _sessions.Dispose();
}
