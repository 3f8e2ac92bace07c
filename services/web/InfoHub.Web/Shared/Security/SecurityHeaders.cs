using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoHub.Web.Shared.Security;

/// <summary>
/// The portal's pages and assets go out with a strict Content-Security-Policy: everything from the portal itself, no
/// inline script or style, no framing, forms posting only back to it. (Other endpoints of the same process, such as
/// the APIs in the embedded host, keep their own headers.)
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null || context.Request.Path.StartsWithSegments(Assets.Path))
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
        }
        return next(context);
    }
}
