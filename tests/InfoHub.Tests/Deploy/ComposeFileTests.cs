using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InfoHub.Platform.Messaging;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using InfoHub.Testing;
using Microsoft.Extensions.Configuration;

namespace InfoHub.Tests.Deploy;

/// <summary>
/// No Docker engine runs where these tests run, so they check what would otherwise only break at <c>docker-compose up</c>:
/// projects, configuration keys, ports, health checks, start order and what the Dockerfile copies.
/// </summary>
public sealed class ComposeFileTests
{
    private const string GatewayProject = "gateway/InfoHub.Gateway";
    private const string DockerCompose = "/usr/bin/docker-compose";

    /// <summary>The option classes every service binds; their properties are the keys compose may set.</summary>
    private static readonly Type[] ServiceOptions =
        [typeof(MessagingOptions), typeof(StorageOptions), typeof(OutboxOptions), typeof(InfoHub.Identity.IdentityServiceOptions),
         typeof(InfoHub.Platform.Security.AuthOptions), typeof(InfoHub.Web.WebPortalOptions)];

    /// <summary>Processes that keep no data and use no broker: the web portal reads everything through the gateway.</summary>
    private static readonly string[] StatelessProjects = ["services/web/InfoHub.Web"];

    /// <summary>
    /// Services that keep their data in SQLite on a volume: identity (accounts and OpenIddict's data through EF Core;
    /// OpenIddict has no MongoDB store in the package registry this project can use). They use the broker all the same.
    /// </summary>
    private static readonly string[] SqliteOnlyProjects = ["services/identity/InfoHub.Identity"];

    /// <summary>Keys read by ASP.NET Core and ServiceDefaults rather than by an option class.</summary>
    private static readonly string[] HostKeys = ["ASPNETCORE_URLS", "Urls", "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT"];

    private static readonly Regex ClusterKey = new(
        "^ReverseProxy__Clusters__(?<cluster>.+?)__Destinations__(?<destination>.+?)__Address$", RegexOptions.IgnoreCase);

    private static string Root => RepoPaths.Root;
    private readonly IReadOnlyList<ComposeService> _services = ComposeService.Load(Path.Combine(Root, "docker-compose.yml"));

    private IEnumerable<ComposeService> Built => _services.Where(s => s.Project is not null);
    private IEnumerable<ComposeService> BuiltServices => Built.Where(s => s.Project != GatewayProject);
    private ComposeService Gateway => Assert.Single(_services, s => s.Project == GatewayProject);

    [Fact]
    public void Every_built_service_names_a_project_in_the_solution()
    {
        var solution = SolutionProjects();
        var failures = new List<string>();
        foreach (var service in Built)
        {
            var csproj = ProjectFile(service);
            if (!File.Exists(Path.Combine(Root, csproj))) failures.Add($"{service.Name}: {csproj} does not exist");
            else if (!solution.Contains(csproj)) failures.Add($"{service.Name}: {csproj} is not in InfoHub.sln");

            var build = service.Spec.Map("build")!;
            var dockerfile = Path.Combine(Root, build.Str("context") ?? "", build.Str("dockerfile") ?? "Dockerfile");
            if (build.Str("context") != ".") failures.Add($"{service.Name}: the build context must be the repository root");
            if (!File.Exists(dockerfile)) failures.Add($"{service.Name}: {dockerfile} does not exist");
        }

        Assert.NotEmpty(Built);
        NoFailures(failures);
    }

    [Fact]
    public void Every_service_and_the_gateway_in_the_solution_run_in_compose()
    {
        var webProjects = SolutionProjects()
            .Where(p => p.StartsWith("services/", StringComparison.Ordinal) || p.StartsWith("gateway/", StringComparison.Ordinal))
            .Where(p => XDocument.Load(Path.Combine(Root, p)).Root?.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web")
            .ToList();
        var built = Built.Select(ProjectFile).ToHashSet();

        Assert.Contains($"{GatewayProject}/InfoHub.Gateway.csproj", webProjects);
        Assert.All(webProjects, project => Assert.Contains(project, built));
    }

    [Fact]
    public void Every_environment_variable_is_a_configuration_key_the_code_reads()
    {
        var optionKeys = ServiceOptions.SelectMany(type => OptionKeys(type, SectionOf(type))).ToList();
        var gatewayKeys = OptionKeys(typeof(InfoHub.Platform.Security.AuthOptions), InfoHub.Platform.Security.AuthOptions.Section).ToList();
        var clusters = GatewayClusters();
        var failures = new List<string>();
        foreach (var service in Built)
        {
            var isGateway = service.Project == GatewayProject;
            foreach (var key in service.Environment.Keys)
            {
                if (HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase)) continue;
                if (!isGateway && optionKeys.Any(known => known.IsMatch(key))) continue;
                if (isGateway && gatewayKeys.Any(known => known.IsMatch(key))) continue;
                if (isGateway && ClusterKey.Match(key) is { Success: true } match
                    && clusters.TryGetValue(match.Groups["cluster"].Value, out var destinations)
                    && destinations.Contains(match.Groups["destination"].Value, StringComparer.OrdinalIgnoreCase)) continue;
                failures.Add($"{service.Name}: {key}");
            }
        }

        Assert.NotEmpty(optionKeys);
        NoFailures(failures, "Keys no InfoHub code reads (a typo, or a setting meant for another process):");
    }

    [Fact]
    public void Every_service_configuration_passes_the_option_validation()
    {
        var failures = new List<string>();
        foreach (var service in BuiltServices)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(service.Environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), e.Value)))
                .Build();
            foreach (var type in ServiceOptions)
            {
                try
                {
                    var options = configuration.GetSection(SectionOf(type)).Get(type) ?? Activator.CreateInstance(type)!;
                    var results = new List<ValidationResult>();
                    Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
                    failures.AddRange(results.Select(r => $"{service.Name}: {r.ErrorMessage}"));
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"{service.Name}: {e.Message}");
                }
            }
        }

        Assert.NotEmpty(BuiltServices);
        NoFailures(failures);
    }

    [Fact]
    public void Every_service_uses_the_compose_broker_and_database_once_they_are_healthy()
    {
        var failures = new List<string>();
        foreach (var service in BuiltServices.Where(s => !StatelessProjects.Contains(s.Project)))
        {
            var environment = service.Environment;
            var sqliteOnly = SqliteOnlyProjects.Contains(service.Project);
            if (!string.Equals(environment.GetValueOrDefault("Messaging__Transport"), "RabbitMq", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{service.Name}: Messaging__Transport must be RabbitMq, or events never leave the process");
            if (!sqliteOnly && !string.Equals(environment.GetValueOrDefault("Storage__Provider"), "Mongo", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{service.Name}: Storage__Provider must be Mongo");

            foreach (var key in sqliteOnly ? ["Messaging__RabbitMq"] : new[] { "Messaging__RabbitMq", "Storage__MongoConnectionString" })
            {
                if (Uri.TryCreate(environment.GetValueOrDefault(key), UriKind.Absolute, out var uri)) RequireHealthy(service, uri.Host, key, failures);
                else failures.Add($"{service.Name}: {key} is not a URI naming a compose service");
            }
        }

        Assert.NotEmpty(BuiltServices);
        NoFailures(failures);
    }

    [Fact]
    public void The_gateway_starts_once_every_service_it_routes_to_is_healthy()
    {
        var failures = new List<string>();
        var destinations = GatewayDestinations();
        foreach (var destination in destinations)
        {
            if (Uri.TryCreate(destination.Address, UriKind.Absolute, out var uri)) RequireHealthy(Gateway, uri.Host, destination.Key, failures);
            else failures.Add($"{destination.Key}: '{destination.Address}' is not a URI");
        }

        Assert.NotEmpty(destinations);
        NoFailures(failures);
    }

    [Fact]
    public void Every_gateway_cluster_points_at_a_port_its_service_listens_on()
    {
        var destinations = GatewayDestinations();
        var failures = new List<string>();
        foreach (var (cluster, names) in GatewayClusters())
        {
            foreach (var name in names.Where(n => !destinations.Any(d => d.Is(cluster, n))))
                failures.Add($"cluster {cluster}, destination {name}: compose keeps appsettings.json's address; override it");
        }
        foreach (var destination in destinations)
        {
            if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var uri) || _services.All(s => s.Name != uri.Host))
            {
                failures.Add($"{destination.Key}: '{destination.Address}' does not name a compose service");
                continue;
            }
            var target = _services.Single(s => s.Name == uri.Host);
            var ports = ListenAddresses(target).Where(a => !a.IsLoopback).Select(a => a.Port).ToList();
            if (!ports.Contains(uri.Port))
                failures.Add($"{destination.Key}: port {uri.Port}, but {target.Name} listens on [{string.Join(", ", ports)}] beyond loopback");
        }

        Assert.NotEmpty(destinations);
        NoFailures(failures);
    }

    [Fact]
    public void Only_the_gateway_is_published_on_host_port_8080_to_the_port_it_listens_on()
    {
        Assert.All(_services.Where(s => s.Spec.ContainsKey("ports")), s => Assert.Equal(Gateway.Name, s.Name));

        var published = Assert.Single(Gateway.Spec.List("ports") ?? []) as string;
        var match = Regex.Match(published ?? "", @"^(?:[\d.]+:)?(?<host>\d+):(?<container>\d+)(?:/tcp)?$");
        Assert.True(match.Success, $"gateway ports entry '{published}' is not HOST:CONTAINER");
        Assert.Equal("8080", match.Groups["host"].Value);
        var listening = ListenAddresses(Gateway).Where(a => !a.IsLoopback).Select(a => a.Port).ToList();
        Assert.True(
            listening.Contains(int.Parse(match.Groups["container"].Value)),
            $"gateway: container port {match.Groups["container"].Value} is published, but the gateway listens on [{string.Join(", ", listening)}] beyond loopback");
    }

    [Fact]
    public void Every_built_service_health_check_probes_live_health_where_it_listens()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy/docker/Dockerfile"));
        var failures = new List<string>();
        foreach (var service in Built)
        {
            var test = service.Spec.Map("healthcheck")?.List("test")?.OfType<string>().ToList() ?? [];
            var probe = Regex.Match(string.Join(' ', test), @"http://[^\s:/]+:(?<port>\d+)/health/live(?![\w/])");
            if (test is not ["CMD" or "CMD-SHELL", ..]) failures.Add($"{service.Name}: no CMD health check");
            else if (!probe.Success) failures.Add($"{service.Name}: the health check does not request http://host:port/health/live");
            else if (ListenAddresses(service).All(a => a.Port != int.Parse(probe.Groups["port"].Value)))
                failures.Add($"{service.Name}: the health check probes port {probe.Groups["port"].Value}, where the service does not listen");
            else if (test is ["CMD", var executable, ..] && executable.StartsWith('/') && !dockerfile.Contains(executable, StringComparison.Ordinal))
                failures.Add($"{service.Name}: the image built by deploy/docker/Dockerfile has no {executable}");
        }

        Assert.NotEmpty(Built);
        NoFailures(failures);
    }

    [Fact]
    public void Every_project_a_built_service_needs_is_copied_into_the_build_stage()
    {
        var copied = DockerfileCopySources();
        var failures = new List<string>();
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "nuget.config", "NuGet.config" })
        {
            if (File.Exists(Path.Combine(Root, file)) && !copied.Contains(file)) failures.Add($"{file} is not copied before the restore");
        }
        foreach (var csproj in Built.SelectMany(s => ProjectClosure(ProjectFile(s))).Distinct())
        {
            var folder = Path.GetDirectoryName(csproj)!.Replace('\\', '/') + "/";
            if (!copied.Contains(csproj)) failures.Add($"{csproj} is not copied before the restore");
            if (!copied.Any(source => source.EndsWith('/') && folder.StartsWith(source, StringComparison.Ordinal)))
                failures.Add($"{folder} (sources) is not copied before the publish");
        }

        NoFailures(failures);
    }

    [Fact]
    public async Task The_compose_file_validates_with_docker_compose()
    {
        if (!File.Exists(DockerCompose)) Assert.Skip($"{DockerCompose} is not installed, so the file cannot be validated by docker-compose itself.");

        var start = new ProcessStartInfo(DockerCompose)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-f", "docker-compose.yml", "config", "-q" },
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"docker-compose config exited {process.ExitCode}:\n{await errors}{await output}");
    }

    [Fact]
    public void The_compose_reader_resolves_anchors_merge_keys_quotes_and_flow_lists()
    {
        var root = ComposeYaml.Parse("""
            x-env: &env
              A: one
              B: "two # not a comment"
            s:
              environment:
                <<: *env
                B: 'over''ridden'   # a comment
              test: ["CMD", "a, b", 'c']
              ports:
              - "8080:8080"
            """);

        var service = root.Map("s")!;
        Assert.Equal("one", service.Map("environment")!.Str("A"));
        Assert.Equal("over'ridden", service.Map("environment")!.Str("B"));
        Assert.Equal("two # not a comment", root.Map("x-env")!.Str("B"));
        Assert.Equal<string?>(["CMD", "a, b", "c"], service.List("test")!.Cast<string?>());
        Assert.Equal<string?>(["8080:8080"], service.List("ports")!.Cast<string?>());
        Assert.Throws<FormatException>(() => ComposeYaml.Parse("s:\n  - a: b\n"));
        Assert.Throws<FormatException>(() => ComposeYaml.Parse("s:\n  a: 1\n  a: 2\n"));
        Assert.Throws<FormatException>(() => ComposeYaml.Parse("s: |\n  text\n"));
    }

    private static void NoFailures(List<string> failures, string heading = "") =>
        Assert.True(failures.Count == 0, string.Join('\n', failures.Prepend(heading).Where(line => line.Length > 0)));

    private static string ProjectFile(ComposeService service)
    {
        var folder = service.Project!.Trim('/');
        return $"{folder}/{Path.GetFileName(folder)}.csproj";
    }

    private static HashSet<string> SolutionProjects() =>
        Regex.Matches(File.ReadAllText(Path.Combine(Root, "InfoHub.sln")), @"""(?<path>[^""]+\.csproj)""")
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The project and every project it references, directly or not, as paths relative to the root.</summary>
    private static IEnumerable<string> ProjectClosure(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([csproj]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project)) continue;
            var folder = Path.GetDirectoryName(Path.Combine(Root, project))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, project)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, path).Replace('\\', '/'));
            }
        }
        return seen;
    }

    /// <summary>The source paths of the Dockerfile's COPY instructions that read the build context.</summary>
    private static HashSet<string> DockerfileCopySources() =>
        File.ReadLines(Path.Combine(Root, "deploy/docker/Dockerfile"))
            .Select(line => line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words is ["COPY", ..] && !words.Any(w => w.StartsWith("--from", StringComparison.Ordinal)))
            .SelectMany(words => words[1..^1].Where(w => !w.StartsWith("--", StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);

    private static string SectionOf(Type options) =>
        (string)options.GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    /// <summary>Environment-variable spellings of an option class's settable properties; array elements end in <c>__0</c>, <c>__1</c>...</summary>
    private static IEnumerable<Regex> OptionKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsPrimitive || propertyType.IsEnum || propertyType == typeof(string) || propertyType == typeof(decimal)
                || propertyType == typeof(TimeSpan) || propertyType == typeof(Uri))
            {
                yield return new Regex($"^{Regex.Escape(key)}$", RegexOptions.IgnoreCase);
            }
            else if (propertyType.IsArray || propertyType.IsAssignableTo(typeof(System.Collections.IEnumerable)))
            {
                yield return new Regex($@"^{Regex.Escape(key)}__\d+$", RegexOptions.IgnoreCase);
            }
            else
            {
                foreach (var nested in OptionKeys(propertyType, key)) yield return nested;
            }
        }
    }

    /// <summary>The gateway's cluster ids and each cluster's destination names, from its appsettings.json.</summary>
    private static Dictionary<string, string[]> GatewayClusters()
    {
        using var settings = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Root, GatewayProject, "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().ToDictionary(
            cluster => cluster.Name,
            cluster => cluster.Value.GetProperty("Destinations").EnumerateObject().Select(d => d.Name).ToArray(),
            StringComparer.OrdinalIgnoreCase);
    }

    private List<Destination> GatewayDestinations() =>
        Gateway.Environment
            .Select(e => (e.Key, e.Value, Match: ClusterKey.Match(e.Key)))
            .Where(e => e.Match.Success)
            .Select(e => new Destination(e.Key, e.Match.Groups["cluster"].Value, e.Match.Groups["destination"].Value, e.Value ?? ""))
            .ToList();

    private void RequireHealthy(ComposeService service, string host, string setting, List<string> failures)
    {
        var dependency = _services.FirstOrDefault(s => s.Name == host);
        if (dependency is null)
            failures.Add($"{service.Name}: {setting} points at '{host}', which is not a compose service");
        else if (service.Spec.Map("depends_on")?.Map(host)?.Str("condition") != "service_healthy")
            failures.Add($"{service.Name}: depends_on lacks {host} with condition service_healthy");
        else if (dependency.Spec.Map("healthcheck")?.List("test") is null)
            failures.Add($"{service.Name}: waits for {host} to be healthy, but {host} has no health check");
    }

    /// <summary>
    /// Where a service listens inside its container. Later configuration sources win: ASPNETCORE_URLS (compose or image),
    /// then the project's appsettings.json and appsettings.Production.json, then a plain <c>Urls</c> variable.
    /// </summary>
    private static List<ListenAddress> ListenAddresses(ComposeService service)
    {
        var environment = service.Environment;
        var urls = environment.GetValueOrDefault("Urls")
                   ?? AppSettingsUrls(service, "appsettings.Production.json")
                   ?? AppSettingsUrls(service, "appsettings.json")
                   ?? environment.GetValueOrDefault("ASPNETCORE_URLS")
                   ?? Regex.Match(File.ReadAllText(Path.Combine(Root, "deploy/docker/Dockerfile")), @"ASPNETCORE_URLS=(?<urls>\S+)").Groups["urls"].Value;

        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Regex.Match(url, @"^(?<scheme>https?)://(?<host>\[[^\]]+\]|[^:/]+)(?::(?<port>\d+))?/?$"))
            .Where(m => m.Success)
            .Select(m => new ListenAddress(
                m.Groups["host"].Value,
                m.Groups["port"].Success ? int.Parse(m.Groups["port"].Value) : m.Groups["scheme"].Value == "https" ? 443 : 80))
            .ToList();
    }

    private static string? AppSettingsUrls(ComposeService service, string file)
    {
        var path = Path.Combine(Root, service.Project!, file);
        if (!File.Exists(path)) return null;
        using var settings = JsonDocument.Parse(
            File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return settings.RootElement.EnumerateObject()
            .Where(p => p.Name.Equals("Urls", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Value.GetString())
            .LastOrDefault();
    }

    private sealed record ListenAddress(string Host, int Port)
    {
        public bool IsLoopback => Host is "localhost" or "[::1]" || Host.StartsWith("127.", StringComparison.Ordinal);
    }

    private sealed record Destination(string Key, string Cluster, string Name, string Address)
    {
        public bool Is(string cluster, string name) =>
            Cluster.Equals(cluster, StringComparison.OrdinalIgnoreCase) && Name.Equals(name, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>One entry under <c>services:</c> in docker-compose.yml.</summary>
internal sealed record ComposeService(string Name, Dictionary<string, object?> Spec)
{
    /// <summary>The PROJECT build argument: the folder of the project the image publishes; null for image-only services.</summary>
    public string? Project => Spec.Map("build")?.Map("args")?.Str("PROJECT");

    /// <summary>The variables compose sets, keyed case-insensitively as .NET configuration reads them.</summary>
    public Dictionary<string, string?> Environment
    {
        get
        {
            var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            IEnumerable<(string Key, string? Value)> pairs = Spec.GetValueOrDefault("environment") switch
            {
                null => [],
                Dictionary<string, object?> map => map.Select(e => (e.Key, e.Value as string)),
                List<object?> list => list.OfType<string>().Select(e => e.Split('=', 2)).Select(p => (p[0], p.ElementAtOrDefault(1))),
                var other => throw new FormatException($"{Name}: environment is a {other.GetType().Name}"),
            };
            foreach (var (key, value) in pairs)
            {
                if (!variables.TryAdd(key, Interpolate(value))) throw new FormatException($"{Name}: {key} is set twice");
            }
            return variables;
        }
    }

    /// <summary>Compose's <c>${NAME:-default}</c>, as <c>docker-compose up</c> reads it where NAME is not set.</summary>
    private static string? Interpolate(string? value) =>
        value is null ? null : System.Text.RegularExpressions.Regex.Replace(value, @"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*):-(?<default>[^}]*)\}", m => m.Groups["default"].Value);

    public static IReadOnlyList<ComposeService> Load(string path) =>
        (ComposeYaml.Parse(File.ReadAllText(path)).Map("services") ?? throw new FormatException($"{path} has no services"))
            .Select(s => new ComposeService(s.Key, s.Value as Dictionary<string, object?> ?? throw new FormatException($"service {s.Key} is empty")))
            .ToList();
}

internal static class ComposeNodes
{
    public static Dictionary<string, object?>? Map(this Dictionary<string, object?> node, string key) =>
        node.GetValueOrDefault(key) as Dictionary<string, object?>;

    public static List<object?>? List(this Dictionary<string, object?> node, string key) => node.GetValueOrDefault(key) as List<object?>;

    public static string? Str(this Dictionary<string, object?> node, string key) => node.GetValueOrDefault(key) as string;
}

/// <summary>
/// Reads the block-style YAML compose files are written in: mappings, sequences of scalars, quoted scalars, flow lists,
/// anchors, aliases and merge keys. Anything else is rejected rather than misread. Mappings come back as
/// <c>Dictionary&lt;string, object?&gt;</c>, sequences as <c>List&lt;object?&gt;</c>, scalars as strings.
/// </summary>
internal sealed class ComposeYaml
{
    private readonly List<Line> _lines;
    private readonly Dictionary<string, object?> _anchors = new(StringComparer.Ordinal);
    private int _next;

    private ComposeYaml(List<Line> lines) => _lines = lines;

    private sealed record Line(int Number, int Indent, string Text);

    public static Dictionary<string, object?> Parse(string yaml)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in yaml.Split('\n'))
        {
            number++;
            var text = StripComment(raw.TrimEnd('\r')).TrimEnd();
            var content = text.TrimStart(' ');
            if (content.Length == 0) continue;
            if (content[0] == '\t') throw Error(number, "tabs in indentation");
            if (content is "---" or "...") throw Error(number, "one document only");
            lines.Add(new Line(number, text.Length - content.Length, content));
        }

        var reader = new ComposeYaml(lines);
        if (lines.Count == 0) return new(StringComparer.Ordinal);
        var root = reader.ParseMapping(lines[0].Indent);
        return reader._next == lines.Count ? root : throw Error(lines[reader._next].Number, "unexpected indentation");
    }

    private Dictionary<string, object?> ParseMapping(int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var merged = new List<Dictionary<string, object?>>();
        while (_next < _lines.Count && _lines[_next].Indent >= indent)
        {
            var line = _lines[_next++];
            if (line.Indent > indent || IsSequenceItem(line.Text)) throw Error(line.Number, "unexpected indentation or sequence item");
            var colon = KeyColon(line.Text);
            if (colon < 0) throw Error(line.Number, "expected 'key: value'");
            var key = Scalar(line.Text[..colon].Trim(), line.Number);
            var value = ParseValue(line.Text[(colon + 1)..].Trim(), line);
            if (key == "<<") merged.Add(value as Dictionary<string, object?> ?? throw Error(line.Number, "a merge key takes a mapping alias"));
            else if (!map.TryAdd(key, value)) throw Error(line.Number, $"duplicate key '{key}'");
        }
        foreach (var entry in merged.SelectMany(m => m)) map.TryAdd(entry.Key, entry.Value);
        return map;
    }

    private List<object?> ParseSequence(int indent)
    {
        var list = new List<object?>();
        while (_next < _lines.Count && _lines[_next].Indent == indent && IsSequenceItem(_lines[_next].Text))
        {
            var line = _lines[_next++];
            var item = line.Text[1..].Trim();
            if (item.Length == 0 || KeyColon(item) >= 0) throw Error(line.Number, "only scalars are supported as sequence items");
            list.Add(Inline(item, line.Number));
        }
        return list;
    }

    /// <summary>The value after <c>key:</c>: inline, or the block below (a sequence may sit at the key's own indentation).</summary>
    private object? ParseValue(string text, Line keyLine)
    {
        string? anchor = null;
        if (text.StartsWith('&'))
        {
            var end = text.IndexOf(' ');
            anchor = end < 0 ? text[1..] : text[1..end];
            text = end < 0 ? "" : text[end..].Trim();
        }

        object? value = null;
        if (text.Length > 0) value = Inline(text, keyLine.Number);
        else if (_next < _lines.Count && _lines[_next] is var next)
        {
            if (next.Indent > keyLine.Indent) value = IsSequenceItem(next.Text) ? ParseSequence(next.Indent) : ParseMapping(next.Indent);
            else if (next.Indent == keyLine.Indent && IsSequenceItem(next.Text)) value = ParseSequence(next.Indent);
        }

        if (anchor is not null) _anchors[anchor] = value;
        return value;
    }

    private object? Inline(string text, int number) => text[0] switch
    {
        '*' => _anchors.TryGetValue(text[1..], out var aliased) ? aliased : throw Error(number, $"unknown alias {text}"),
        '[' when text.EndsWith(']') => SplitFlow(text[1..^1], number).Select(item => (object?)Scalar(item, number)).ToList(),
        '{' when text == "{}" => new Dictionary<string, object?>(StringComparer.Ordinal),
        '[' or '{' or '|' or '>' or '&' or '!' or '%' or '@' or '`' => throw Error(number, $"unsupported YAML: {text}"),
        _ => Scalar(text, number),
    };

    private static string Scalar(string text, int number)
    {
        if (text.Length == 0 || (text[0] != '"' && text[0] != '\'')) return text;
        var quote = text[0];
        var value = new System.Text.StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\'' && c == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i++; }
            else if (c == quote) return i == text.Length - 1 ? value.ToString() : throw Error(number, $"text after a quoted scalar: {text}");
            else if (quote == '"' && c == '\\')
            {
                value.Append(++i < text.Length ? text[i] switch
                {
                    '"' or '\\' or '/' => text[i],
                    'n' => '\n',
                    't' => '\t',
                    _ => throw Error(number, $"unsupported escape \\{text[i]}"),
                } : throw Error(number, "unterminated escape"));
            }
            else value.Append(c);
        }
        throw Error(number, $"unterminated quoted scalar: {text}");
    }

    private static IEnumerable<string> SplitFlow(string text, int number)
    {
        if (text.Trim().Length == 0) yield break;
        var start = 0;
        foreach (var comma in Unquoted(text).Where(i => text[i] == ',').Append(text.Length))
        {
            var item = text[start..comma].Trim();
            if (item.Length == 0 || item[0] is '[' or '{') throw Error(number, "nested or empty flow items");
            yield return item;
            start = comma + 1;
        }
    }

    /// <summary>Index of the colon ending a mapping key (followed by a space or the end of the line), or -1.</summary>
    private static int KeyColon(string text) =>
        Unquoted(text).Where(i => text[i] == ':' && (i + 1 == text.Length || text[i + 1] == ' ')).DefaultIfEmpty(-1).First();

    private static string StripComment(string line) =>
        Unquoted(line).Where(i => line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))).Select(i => line[..i]).DefaultIfEmpty(line).First();

    /// <summary>Indexes of the characters outside quoted scalars; a quote opens one only where a scalar can start.</summary>
    private static IEnumerable<int> Unquoted(string text)
    {
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '"' && c == '\\') i++;
            else if (quote == '\'' && c == '\'' && i + 1 < text.Length && text[i + 1] == '\'') i++;
            else if (quote is not null && c == quote) quote = null;
            else if (quote is null && c is '"' or '\'' && (i == 0 || text[i - 1] is ' ' or '[' or ',' or '{')) quote = c;
            else if (quote is null) yield return i;
        }
    }

    private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    private static FormatException Error(int line, string message) => new($"YAML line {line}: {message}");
}
