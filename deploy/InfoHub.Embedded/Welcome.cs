namespace InfoHub.Embedded;

internal static class Welcome
{
    /// <summary>
    /// The hub's root is the web portal; <c>GET /api</c> lists, for programs, where the APIs are; and a banner names the
    /// URL once the server listens.
    /// </summary>
    public static WebApplication MapWelcome(this WebApplication app)
    {
        app.MapGet("/api", () => TypedResults.Ok(new
        {
            name = "InfoHub",
            mode = "embedded",
            links = new Dictionary<string, string>
            {
                ["portal"] = "/",
                ["organizations"] = "/api/directory/organizations",
                ["search"] = "/api/directory/organizations?q=peace",
                ["openid-configuration"] = "/.well-known/openid-configuration",
                ["openapi"] = "/openapi/directory.json",
                ["health"] = "/health/ready",
            },
        })).AllowAnonymous();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = (app.Urls.FirstOrDefault() ?? "http://localhost:5080").TrimEnd('/');
            Console.WriteLine();
            Console.WriteLine($"InfoHub (embedded) is running at {url}/");
            Console.WriteLine($"  directory API: {url}/api/directory/organizations?q=peace (every API: {url}/api)");
            Console.WriteLine($"  sign-in:       {url}/account/login (first secretariat account: printed above on first start, and in first-secretariat-account.txt; choose your own password at first sign-in)");
            if (app.Configuration.GetValue<bool>("Identity:DemoData"))
            {
                Console.WriteLine($"  partner:       POST {url}/connect/token  grant_type=client_credentials client_id=demo-partner client_secret=demo-partner-secret scope=infohub");
                Console.WriteLine($"  member:        {app.Configuration["Identity:DemoMember:Email"] ?? "member@demo.infohub.local"} / {app.Configuration["Identity:DemoMember:Password"] ?? "demo-member-password"} (Amnesty International; demo data)");
            }
            Console.WriteLine($"  data folder:   {Path.GetFullPath(app.Configuration["Storage:DataDirectory"] ?? "data")}");
            Console.WriteLine("  stop with Ctrl+C");
            Console.WriteLine();
            Console.WriteLine($"InfoHub is ready: open {url}/");
        });
        return app;
    }
}

/// <summary>Names this assembly for hosts in tests and benchmarks (every service's generated Program class is public too, so that name is ambiguous).</summary>
public sealed class EmbeddedHost;
