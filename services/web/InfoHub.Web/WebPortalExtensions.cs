using System.Globalization;
using System.Net;
using InfoHub.Platform.Hosting;
using InfoHub.Web.Shared.Api;
using InfoHub.Web.Shared.Security;
using InfoHub.Web.Shared.SignIn;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace InfoHub.Web;

/// <summary>
/// The web portal: Razor Pages rendered on the server (reading and searching need no JavaScript), its own assets under
/// <c>/assets</c>, three interface languages, and the hub's data read through the services' public HTTP APIs only.
/// </summary>
public static class WebPortalExtensions
{
    public static readonly string[] Languages = ["en", "fr", "es"];

    /// <summary>The cookie that remembers the reader's interface language.</summary>
    public const string LanguageCookie = ".InfoHub.Language";

    public static IHostApplicationBuilder AddWebPortal(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.AddOptions<WebPortalOptions>().BindConfiguration(WebPortalOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebPortalOptions>, WebPortalOptionsProblems>();

        // Pages are found in this assembly whichever host references it (the embedded host's own assembly has none).
        var portal = typeof(WebPortalExtensions).Assembly;
        services.AddRazorPages()
            .ConfigureApplicationPartManager(m =>
            {
                if (!m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == portal)) m.ApplicationParts.Add(new AssemblyPart(portal));
            })
            .AddViewLocalization();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = LanguageCookie }, new AcceptLanguage()];
        });
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Pages in French and Spanish: letters as themselves, not as character references (HTML-special characters still encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<ApiAddress>();
        services.AddTransient<VisitorAddressHandler>();
        services.AddTransient<SignedInCaller>();
        services.AddHubApi<DirectoryApi>();
        services.AddHubApi<NewsApi>();
        services.AddHubApi<DigestApi>();
        services.AddHubApi<IdentityApi>();
        services.AddHubApi<AccountApi>();
        services.AddHubApi<MachineClientsApi>();
        services.AddHubApi<AuditApi>();
        services.AddHubApi<DirectoryImports>(DirectoryImports.Timeout);
        services.AddPortalSignIn();
        return builder;
    }

    /// <summary>A typed client of one of the hub's APIs: at <see cref="ApiAddress"/>, as the signed-in visitor, from the visitor's address.</summary>
    /// <param name="timeout">How long one call may take, instead of the standard 10 s a try and 30 s in all.</param>
    private static void AddHubApi<TApi>(this IServiceCollection services, TimeSpan? timeout = null) where TApi : HubApi
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: experimental, kept until it is not
        services.AddHttpClient<TApi>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<ApiAddress>().Value;
                if (timeout is { } longer) http.Timeout = longer + TimeSpan.FromMinutes(1); // the resilience handler's timeout is the one that answers
            })
            .AddHttpMessageHandler<VisitorAddressHandler>()
            .AddHttpMessageHandler<SignedInCaller>()
            // Reads are retried; a change is not: a PUT whose answer was lost but which was applied would come back as
            // a conflict with itself (its If-Match no longer the current version), a POST would be made twice.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.DisableForUnsafeHttpMethods();
                var retried = o.Retry.ShouldHandle;
                o.Retry.ShouldHandle = args => args.Context.GetRequestMessage()?.Options.TryGetValue(HubApi.Aside, out var aside) == true && aside
                    ? ValueTask.FromResult(false)
                    : retried(args);
                if (timeout is not { } longer) return;
                o.AttemptTimeout.Timeout = o.TotalRequestTimeout.Timeout = longer;
                o.CircuitBreaker.SamplingDuration = 2 * longer; // the options require at least twice a try's timeout
            });
#pragma warning restore EXTEXP0001
    }

    public static WebApplication MapWebPortal(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebPortalOptions>>().Value;
        if (options.TrustedProxies.Length > 0) app.UseForwardedHeaders(TrustedProxies(options));
        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLocalization();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Assets.Path,
            FileProvider = new EmbeddedFileProvider(typeof(WebPortalExtensions).Assembly, "InfoHub.Web.wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        // Every page is open to visitors; a signed-in person is recognised by the portal's session cookie alone.
        app.MapRazorPages().RequireAuthorization(PortalSignIn.Visitor).AllowAnonymous();
        // Last of all: an address nothing else answers (a mistyped page, an old link) gets a page, not a bare 404.
        app.MapFallbackToPage("/NotFound").RequireAuthorization(PortalSignIn.Visitor).AllowAnonymous();
        return app;
    }

    private static ForwardedHeadersOptions TrustedProxies(WebPortalOptions options)
    {
        // The host too: the portal's own links for the sign-in provider (where to send people back) name the address the
        // visitor used, the gateway's, not the portal's address behind it.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.TrustedProxies)
        {
            if (IPAddress.TryParse(proxy, out var address)) forwarded.KnownProxies.Add(address);
            else forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
        }
        return forwarded;
    }

    /// <summary>
    /// The first language of <c>Accept-Language</c> (by quality) that the portal speaks, by its primary subtag:
    /// <c>fr-CA</c> is French. (ASP.NET Core's own provider would fall back through the culture's parent, which
    /// without ICU it does not know.)
    /// </summary>
    private sealed class AcceptLanguage : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var language = httpContext.Request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(h => h.Quality ?? 1)
                .Select(h => h.Value.Value?.Split('-')[0].ToLowerInvariant())
                .FirstOrDefault(l => l is not null && Languages.Contains(l));
            return Task.FromResult(language is null ? NullProviderCultureResult.Result : new ProviderCultureResult(language));
        }
    }

    private sealed class WebPortalOptionsProblems : IValidateOptions<WebPortalOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebPortalOptions options) =>
            options.Problems().Select(p => p.ErrorMessage!).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

/// <summary>Where the portal's own stylesheet and script are served.</summary>
public static class Assets
{
    public const string Path = "/assets";
}
