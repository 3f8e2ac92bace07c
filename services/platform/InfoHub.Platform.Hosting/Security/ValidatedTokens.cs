using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoHub.Platform.Security;

/// <summary>
/// The bearer-token handler with a memory: a client sends the same access token with every request of its lifetime, so
/// the token is parsed and its RSA signature checked once per process, not at every request (JWT authentication was
/// about a fifth of the gateway's CPU per proxied write; about 45 us of CPU per validation, 2-5 us for a hit:
/// bench/README.md, "Gateway cost").
/// <para>
/// A hit is as strict as a full validation. Only a valid, signed token is remembered, by its exact text. At every hit its
/// lifetime and audience are checked again by IdentityModel's own validators against this request's parameters (the same
/// clock and clock skew), its issuer against them or the current discovery document, and the key that verified its
/// signature must still be one of the keys they trust (the same object): a key rotated out, or a refreshed discovery
/// document, sends the token through full validation. These checks may be stricter than IdentityModel's, never looser: a
/// token they turn down is forgotten and validated in full, which has the last word, so a refusal reads as before.
/// Revocation is not part of validation: JwtBearer's <c>TokenValidated</c> event (<see cref="RevokedSubjects"/>) runs
/// after a hit as after a miss.
/// </para>
/// </summary>
internal sealed class ValidatedTokens(TokenHandler inner, int capacity = ValidatedTokens.DefaultCapacity) : TokenHandler
{
    /// <summary>Distinct live tokens remembered at most; beyond, expired ones are dropped, then all (a miss is only slower).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Validated> _tokens = new(StringComparer.Ordinal);

    private sealed record Validated(JsonWebToken Token, ClaimsIdentity Identity, SecurityKey Key);

    public int Count => _tokens.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters parameters)
    {
        if (!Rememberable(parameters)) return await inner.ValidateTokenAsync(token, parameters);
        if (_tokens.TryGetValue(token, out var known))
        {
            if (await StillValidAsync(known, parameters))
            {
                // A copy per request: the identity is the caller's to add claims to.
                return new TokenValidationResult { IsValid = true, SecurityToken = known.Token, ClaimsIdentity = known.Identity.Clone(), Issuer = known.Token.Issuer };
            }
            _tokens.TryRemove(KeyValuePair.Create(token, known));
        }

        var result = await inner.ValidateTokenAsync(token, parameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken { SigningKey: { } key } jwt, ClaimsIdentity: { } identity })
            Remember(token, new Validated(jwt, identity.Clone(), key));
        return result;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters parameters) =>
        inner.ValidateTokenAsync(token, parameters);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    /// <summary>
    /// Remembered only under the checks a hit repeats: no custom validator that could judge a token differently from one
    /// request to the next, no replay detection (a token seen twice must then be refused), no encrypted tokens.
    /// </summary>
    private static bool Rememberable(TokenValidationParameters p) =>
        p is
        {
            LifetimeValidator: null, AudienceValidator: null, IssuerValidator: null, IssuerValidatorUsingConfiguration: null,
            IssuerSigningKeyValidator: null, IssuerSigningKeyValidatorUsingConfiguration: null, IssuerSigningKeyResolverUsingConfiguration: null,
            SignatureValidator: null, SignatureValidatorUsingConfiguration: null, TransformBeforeSignatureValidation: null,
            TokenReplayValidator: null, TypeValidator: null, AlgorithmValidator: null,
            ValidateTokenReplay: false, ValidateActor: false, ValidateIssuerSigningKey: false, RequireSignedTokens: true,
            TokenDecryptionKey: null, TokenDecryptionKeys: null, TokenDecryptionKeyResolver: null,
        };

    /// <summary>What <c>JsonWebTokenHandler</c> checks of a token's payload and signing key, minus parsing and the signature itself.</summary>
    private static async Task<bool> StillValidAsync(Validated known, TokenValidationParameters parameters)
    {
        var jwt = known.Token;
        var configuration = parameters.ConfigurationManager is { } manager ? await manager.GetBaseConfigurationAsync(CancellationToken.None) : null;
        if (!Trusted(known.Key, jwt, parameters, configuration)) return false;
        try
        {
            Validators.ValidateLifetime(
                jwt.TryGetPayloadValue<object>(JwtRegisteredClaimNames.Nbf, out _) ? jwt.ValidFrom : null,
                jwt.TryGetPayloadValue<object>(JwtRegisteredClaimNames.Exp, out _) ? jwt.ValidTo : null,
                jwt, parameters);
            Validators.ValidateAudience(jwt.Audiences, jwt, parameters);
            if (configuration is null) Validators.ValidateIssuer(jwt.Issuer, jwt, parameters);
            else if (!IssuedByConfigured(jwt.Issuer, parameters, configuration)) return false;
            return true;
        }
        catch (SecurityTokenException)
        {
            return false;
        }
    }

    /// <summary>The issuer rule with a discovery document (exact, as IdentityModel compares it): the document's issuer or one the options name.</summary>
    private static bool IssuedByConfigured(string issuer, TokenValidationParameters parameters, BaseConfiguration configuration) =>
        !parameters.ValidateIssuer
        || string.Equals(issuer, configuration.Issuer, StringComparison.Ordinal)
        || string.Equals(issuer, parameters.ValidIssuer, StringComparison.Ordinal)
        || parameters.ValidIssuers?.Contains(issuer, StringComparer.Ordinal) == true;

    /// <summary>Whether the key that verified the signature is still among the keys this request's parameters trust (the same object).</summary>
    private static bool Trusted(SecurityKey key, JsonWebToken jwt, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        IEnumerable<SecurityKey> trusted =
        [
            .. configuration?.SigningKeys ?? [],
            .. parameters.IssuerSigningKeys ?? [],
            .. parameters.IssuerSigningKey is { } single ? [single] : Array.Empty<SecurityKey>(),
            .. parameters.IssuerSigningKeyResolver?.Invoke(jwt.EncodedToken, jwt, jwt.Kid, parameters) ?? [],
        ];
        return trusted.Any(k => ReferenceEquals(k, key));
    }

    private void Remember(string token, Validated validated)
    {
        if (_tokens.Count >= capacity)
        {
            var now = DateTime.UtcNow;
            foreach (var (text, entry) in _tokens)
                if (entry.Token.ValidTo < now - TimeSpan.FromMinutes(5)) _tokens.TryRemove(KeyValuePair.Create(text, entry));
            if (_tokens.Count >= capacity) _tokens.Clear();
        }
        _tokens[token] = validated;
    }
}
