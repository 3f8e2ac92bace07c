using System.Text.Json;
using System.Xml.Linq;
using InfoHub.Testing;

namespace InfoHub.Tests.Platform;

/// <summary>
/// The shape of the solution: shared plumbing in small projects named for their concern, the gateway on the hosting
/// defaults alone, services that know each other only through contracts, and contracts that depend on nothing.
/// </summary>
public sealed class ProjectLayoutTests
{
    private const string Hosting = "InfoHub.Platform.Hosting";
    private const string Storage = "InfoHub.Platform.Storage";
    private const string Messaging = "InfoHub.Platform.Messaging";

    /// <summary>Packages that mean a bus or a database: none may reach the gateway, even transitively.</summary>
    private static readonly string[] DataPackages = ["MassTransit", "MongoDB.", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Microsoft.EntityFrameworkCore"];

    public static TheoryData<string> Services => new() { "directory", "contacts", "resources", "news-digest", "identity", "web" };

    [Fact]
    public void The_gateway_references_only_the_hosting_defaults()
    {
        var gateway = Project("gateway/InfoHub.Gateway/InfoHub.Gateway.csproj");
        Assert.Equal([Hosting], ProjectReferences(gateway));
    }

    [Fact]
    public void No_bus_or_database_package_reaches_the_gateway()
    {
        var assets = Path.Combine(RepoPaths.Root, "gateway/InfoHub.Gateway/obj/project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: restore InfoHub.sln first.");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();

        Assert.Contains(libraries, l => l == "Yarp.ReverseProxy");
        Assert.DoesNotContain(libraries, l => DataPackages.Any(d => l.StartsWith(d, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_platform_projects_depend_downward_only()
    {
        Assert.Empty(ProjectReferences(Project($"services/platform/{Hosting}/{Hosting}.csproj")));
        Assert.Equal([Hosting], ProjectReferences(Project($"services/platform/{Storage}/{Storage}.csproj")));
        // Messaging consumes one event itself, for every process: SubjectTokensRevoked (the contracts depend on nothing).
        Assert.Equal(["InfoHub.Contracts", Hosting, Storage], ProjectReferences(Project($"services/platform/{Messaging}/{Messaging}.csproj")));

        var hostingPackages = PackageReferences(Project($"services/platform/{Hosting}/{Hosting}.csproj"));
        Assert.DoesNotContain(hostingPackages, p => DataPackages.Any(d => p.StartsWith(d, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_references_the_platform_and_the_contracts_but_no_other_service(string service)
    {
        var folder = Path.Combine(RepoPaths.Root, "services", service);
        var csproj = System.IO.Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories).Single(p => !p.Contains("/obj/"));
        var references = ProjectReferences(XDocument.Load(csproj));

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(r.StartsWith("InfoHub.Platform.", StringComparison.Ordinal) || r == "InfoHub.Contracts",
            $"{service} references {r}: a service learns about the others from events and their public HTTP APIs only."));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_program_is_public_so_a_test_can_host_it_alone(string service)
    {
        var folder = Path.Combine(RepoPaths.Root, "services", service);
        var program = System.IO.Directory.GetFiles(folder, "Program.cs", SearchOption.AllDirectories).Single(p => !p.Contains("/obj/"));
        Assert.Contains("public partial class Program;", File.ReadAllText(program));
    }

    [Fact]
    public void The_contracts_depend_on_nothing()
    {
        var contracts = Project("contracts/InfoHub.Contracts/InfoHub.Contracts.csproj");
        Assert.Empty(ProjectReferences(contracts));
        Assert.Empty(PackageReferences(contracts));
        Assert.Empty(contracts.Descendants("FrameworkReference"));
    }

    private static XDocument Project(string path) => XDocument.Load(Path.Combine(RepoPaths.Root, path));

    private static List<string> ProjectReferences(XDocument project) =>
        project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!)).Order(StringComparer.Ordinal).ToList();

    private static List<string> PackageReferences(XDocument project) =>
        project.Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).ToList();
}
