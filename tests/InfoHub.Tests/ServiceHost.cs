using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InfoHub.Tests;

/// <summary>
/// One service hosted in-process by its own <c>Program.cs</c>, as it runs in distributed mode (in-memory bus, its own
/// temporary data folder), where <see cref="EmbeddedHub"/> hosts all of them together.
/// </summary>
public abstract class ServiceHost : IAsyncDisposable
{
    /// <summary>Every service, by its name, with its assembly.</summary>
    public static readonly IReadOnlyDictionary<string, Assembly> Services = new Dictionary<string, Assembly>
    {
        ["directory"] = typeof(InfoHub.Directory.DirectoryExtensions).Assembly,
        ["contacts"] = typeof(InfoHub.Contacts.ContactsExtensions).Assembly,
        ["identity"] = typeof(InfoHub.Identity.IdentityExtensions).Assembly,
        ["resources"] = typeof(InfoHub.Resources.ResourcesExtensions).Assembly,
        ["news-digest"] = typeof(InfoHub.NewsDigest.NewsDigestExtensions).Assembly,
    };

    public abstract IServiceProvider Provider { get; }

    public abstract HttpClient CreateClient();

    public abstract ValueTask DisposeAsync();

    /// <summary>Starts <paramref name="service"/>'s own entry point (every service's generated <c>Program</c> has the same name, so it is found by assembly).</summary>
    public static ServiceHost Start(string service)
    {
        var program = Services[service].GetType("Program", throwOnError: true)!;
        return (ServiceHost)Activator.CreateInstance(typeof(ServiceHost<>).MakeGenericType(program))!;
    }
}

public sealed class ServiceHost<TProgram> : ServiceHost where TProgram : class
{
    private readonly Factory _factory = new();

    public override IServiceProvider Provider => _factory.Services;

    public override HttpClient CreateClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_factory.DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class Factory : WebApplicationFactory<TProgram>
    {
        public string DataDirectory { get; } = System.IO.Directory.CreateTempSubdirectory("infohub-service-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Messaging:Transport", "InMemory");
            // As in distributed mode: tokens come from an issuer elsewhere (never asked here, as no request carries one).
            builder.UseSetting("Auth:Authority", "http://127.0.0.1:9/");
            builder.UseSetting("Auth:RequireHttpsMetadata", "false");
            builder.UseSetting("Identity:RequireHttps", "false");
        }
    }
}
