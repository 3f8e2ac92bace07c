using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using InfoHub.Platform.Security;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Tests.Platform;

/// <summary>
/// The bearer handler remembers the tokens it validated, so that a token's signature is checked once; a remembered token
/// must be refused exactly when a fresh validation would refuse it.
/// </summary>
public sealed class ValidatedTokensTests
{
    private const string Issuer = "https://issuer.example/";
    private const string Audience = "infohub";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_is_checked_in_full_once_and_then_answered_from_memory_with_its_own_copy_of_the_identity()
    {
        var key = NewKey();
        var inner = new CountingHandler();
        var tokens = new ValidatedTokens(inner);
        var token = Mint(key, DateTime.UtcNow.AddMinutes(10));

        var first = await tokens.ValidateTokenAsync(token, Parameters(key));
        var second = await tokens.ValidateTokenAsync(token, Parameters(key));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, inner.Validations);
        Assert.Equal("minted-in-a-test", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        second.ClaimsIdentity.AddClaim(new Claim("added", "by one request"));
        Assert.Null((await tokens.ValidateTokenAsync(token, Parameters(key))).ClaimsIdentity.FindFirst("added"));
    }

    [Fact]
    public async Task An_expired_token_is_refused_even_when_remembered()
    {
        var key = NewKey();
        var inner = new CountingHandler();
        var tokens = new ValidatedTokens(inner);
        // Seconds, not minutes, of life; enough that a busy machine still validates it once before it expires.
        var expires = DateTime.UtcNow.AddSeconds(6);
        var token = Mint(key, expires);
        var parameters = Parameters(key);
        parameters.ClockSkew = TimeSpan.Zero;

        Assert.True((await tokens.ValidateTokenAsync(token, parameters)).IsValid);
        await Task.Delay(expires - DateTime.UtcNow + TimeSpan.FromSeconds(1.1), Ct);
        var later = await tokens.ValidateTokenAsync(token, parameters);

        Assert.False(later.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(later.Exception);
        Assert.Equal(2, inner.Validations);
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_signing_key_is_no_longer_trusted_or_for_another_audience()
    {
        var key = NewKey();
        var tokens = new ValidatedTokens(new CountingHandler());
        var token = Mint(key, DateTime.UtcNow.AddMinutes(10));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(key))).IsValid);

        var rotated = await tokens.ValidateTokenAsync(token, Parameters(NewKey()));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(key))).IsValid);
        var otherAudience = Parameters(key);
        otherAudience.ValidAudience = "another-api";
        var elsewhere = await tokens.ValidateTokenAsync(token, otherAudience);

        Assert.False(rotated.IsValid);
        Assert.IsAssignableFrom<SecurityTokenException>(rotated.Exception);
        Assert.False(elsewhere.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(elsewhere.Exception);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_subject_is_revoked()
    {
        await using var hub = new EmbeddedHub();
        using var client = hub.CreateClient();
        var token = await TestTokens.ClientCredentialsAsync(client, TestTokens.SecretariatClient, TestTokens.SecretariatSecret);
        client.WithToken(token);
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await client.GetAsync("/api/identity/accounts", Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        hub.Services.GetRequiredService<RevokedSubjects>().Revoke(new JsonWebToken(token).Subject, DateTimeOffset.UtcNow);
        using var refused = await client.GetAsync("/api/identity/accounts", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("revoked", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    private static string Mint(SecurityKey key, DateTime expires) => TestTokens.Mint(key, Issuer, Audience, DateTime.UtcNow.AddMinutes(-1), expires);

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        ValidateLifetime = true,
    };

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        public int Validations;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref Validations);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }
}
