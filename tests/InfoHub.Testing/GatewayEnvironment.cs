namespace InfoHub.Testing;

/// <summary>Settings for a gateway process in front of only some of the services, e.g. the directory alone.</summary>
public static class GatewayEnvironment
{
    /// <summary>The gateway's clusters (appsettings.json), one per service and the web portal.</summary>
    public static readonly string[] Clusters = ["directory", "contacts", "resources", "news-digest", "identity", "web"];

    /// <summary>
    /// Each cluster named in <paramref name="destinations"/> pointed at its address; every other one at
    /// <paramref name="nowhere"/> (a closed port, so that no stray local process answers for it) and not probed.
    /// </summary>
    public static Dictionary<string, string> Destinations(IReadOnlyDictionary<string, string> destinations, string nowhere)
    {
        var environment = new Dictionary<string, string>();
        foreach (var cluster in Clusters)
        {
            var known = destinations.TryGetValue(cluster, out var address);
            environment[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = known ? address! : nowhere;
            if (!known) environment[$"ReverseProxy__Clusters__{cluster}__HealthCheck__Active__Enabled"] = "false";
        }
        return environment;
    }
}
