namespace InfoHub.Platform.Security;

/// <summary>
/// Sends this process's own calls to the OpenID Connect provider (its discovery document, keys, token endpoint,
/// revocation list) to <see cref="AuthOptions.BackchannelAddress"/> when the provider's address — the issuer, which
/// browsers must reach — is one this process cannot reach itself: a container behind the gateway, where the public
/// name resolves to nothing, or to the container. The request keeps the public <c>Host</c>; calls elsewhere pass unchanged.
/// </summary>
public sealed class ProviderBackchannel(Uri provider, Uri backchannel) : DelegatingHandler
{
    /// <summary>A handler for the provider's calls: rewriting when <paramref name="backchannel"/> is set, else the plain one.</summary>
    public static HttpMessageHandler Create(Uri provider, Uri? backchannel) =>
        backchannel is null ? new SocketsHttpHandler() : new ProviderBackchannel(provider, backchannel) { InnerHandler = new SocketsHttpHandler() };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && IsProvider(uri))
        {
            request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Authority;
            request.RequestUri = new UriBuilder(uri) { Scheme = backchannel.Scheme, Host = backchannel.Host, Port = backchannel.Port }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }

    private bool IsProvider(Uri uri) =>
        string.Equals(uri.Scheme, provider.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, provider.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == provider.Port;
}
