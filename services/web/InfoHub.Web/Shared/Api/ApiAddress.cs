using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using InfoHub.Web.Shared.SignIn;
using Microsoft.Extensions.Options;

namespace InfoHub.Web.Shared.Api;

/// <summary>
/// The base address of the hub's APIs: <see cref="WebPortalOptions.ApiBaseAddress"/> (the gateway) when set, else this
/// process's own listening address on loopback (the embedded host, where every service answers in this process).
/// </summary>
public sealed class ApiAddress(IOptions<WebPortalOptions> options, IServer server)
{
    private Uri? _self;

    public Uri Value => options.Value.ApiBaseAddress ?? (_self ??= Self());

    private Uri Self()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var http = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The portal has no API address: set Web:ApiBaseAddress, or host it in a process that listens on HTTP.");
        var uri = new UriBuilder(http.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        // Whatever the listener is bound to, call it on loopback: the request never leaves the machine. "localhost" stays
        // itself: it is loopback too, and the address a browser uses for the sign-in provider (this process) comes from it.
        if (uri.Host is "0.0.0.0" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))))
            uri.Host = "127.0.0.1";
        uri.Path = "/";
        return uri.Uri;
    }
}

/// <summary>
/// Sends the visitor's address on as <c>X-Forwarded-For</c>: the gateway believes it only from a proxy it trusts (the
/// portal, named in <c>Gateway:ForwardedHeaders:KnownProxies</c>), and then rate-limits each visitor apart.
/// </summary>
internal sealed class VisitorAddressHandler(IHttpContextAccessor accessor, IOptions<WebPortalOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (options.Value.ForwardVisitorAddress && accessor.HttpContext?.Connection.RemoteIpAddress is { } visitor)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", (visitor.IsIPv4MappedToIPv6 ? visitor.MapToIPv4() : visitor).ToString());
        }
        return base.SendAsync(request, ct);
    }
}

/// <summary>
/// Calls the APIs as the person signed in to the portal, with the access token of their portal session (refreshed
/// beforehand when it was about to expire), so that the APIs, not the portal, decide what they may see; anonymously
/// when nobody is signed in.
/// </summary>
internal sealed class SignedInCaller(IHttpContextAccessor accessor) : DelegatingHandler
{
    private static readonly object Token = new();

    /// <summary>
    /// Reads the visitor's token once for the request, so that the page may then make its API calls side by side: the
    /// request's authentication is not for several threads at once, the token kept here is.
    /// </summary>
    public static async Task KeepTokenAsync(HttpContext http) => http.Items[Token] = await http.AccessTokenAsync() ?? "";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (accessor.HttpContext is { } http && await TokenOf(http) is { Length: > 0 } token)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, ct);
    }

    private static async ValueTask<string?> TokenOf(HttpContext http) =>
        http.Items.TryGetValue(Token, out var kept) ? (string?)kept : await http.AccessTokenAsync();
}
