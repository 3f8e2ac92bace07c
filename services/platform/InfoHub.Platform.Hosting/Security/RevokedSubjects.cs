using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Platform.Security;

/// <summary>One revocation: every token of <paramref name="Subject"/> issued at or before <paramref name="RevokedAt"/> is refused.</summary>
public sealed record SubjectRevocation(string Subject, DateTimeOffset RevokedAt);

/// <summary>
/// The subjects whose tokens were revoked, as this process knows them: fed by the identity service itself when it runs
/// in this process, by the <c>SubjectTokensRevoked</c> event where there is a bus, and by the identity service's list
/// (<see cref="RevocationFeed"/>) at start and then every few seconds, so a restart or a missed event loses nothing.
/// A token is refused when it was issued (<c>iat</c>, whole seconds) at or before its subject's latest revocation: a
/// token issued in the same second as the revocation is refused too, rather than risk accepting one issued just before it.
/// Revocations older than the longest access-token lifetime are dropped, for every token they concern has expired.
/// </summary>
public sealed class RevokedSubjects(TimeProvider time)
{
    /// <summary>Tokens older than this have expired anyway (the identity service issues access tokens for at most a day).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public void Revoke(string subject, DateTimeOffset revokedAt)
    {
        _revoked.AddOrUpdate(subject, revokedAt, (_, known) => known >= revokedAt ? known : revokedAt);
        if (_revoked.Count % 256 == 0) Prune();
    }

    public bool IsRevoked(string subject, DateTimeOffset issuedAt) =>
        _revoked.TryGetValue(subject, out var revokedAt) && issuedAt <= revokedAt;

    public IReadOnlyList<SubjectRevocation> Current()
    {
        Prune();
        return _revoked.Select(r => new SubjectRevocation(r.Key, r.Value)).OrderBy(r => r.RevokedAt).ToList();
    }

    private void Prune()
    {
        var oldest = time.GetUtcNow() - Horizon;
        foreach (var (subject, at) in _revoked)
        {
            if (at < oldest) _revoked.TryRemove(KeyValuePair.Create(subject, at));
        }
    }

    /// <summary>Fails validation of a token whose subject was revoked after it was issued; the shared pipeline then answers 401 invalid_token.</summary>
    internal static Task RefuseRevokedAsync(TokenValidatedContext context)
    {
        var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedSubjects>();
        var subject = context.Principal?.FindFirst("sub")?.Value;
        if (subject is null) return Task.CompletedTask;
        var issuedAt = context.SecurityToken is JsonWebToken jwt && jwt.IssuedAt != DateTime.MinValue
            ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero)
            : DateTimeOffset.MinValue;
        if (revoked.IsRevoked(subject, issuedAt)) context.Fail(new SecurityTokenRevokedException("The token was revoked: its subject's tokens were revoked after it was issued."));
        return Task.CompletedTask;
    }
}

/// <summary>A token refused because its subject's tokens were revoked (the account disabled or removed, the client deleted).</summary>
public sealed class SecurityTokenRevokedException(string message) : SecurityTokenValidationException(message);
