using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace InfoHub.Gateway;

/// <summary>
/// Passive health: a destination that could not be reached, or let a request run past its route's timeout, leaves the
/// rotation for the cluster's <c>ReactivationPeriod</c>; whatever it answers (a 5xx included: that is the service's own
/// verdict) keeps it in. YARP's <c>TransportFailureRate</c> policy waits for ten requests in a minute and takes a
/// route timeout for a client that went away, so a frozen instance would keep getting its share of requests.
/// </summary>
public sealed class FailureOrTimeoutHealthPolicy(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "FailureOrTimeout";

    private static readonly TimeSpan DefaultReactivationPeriod = TimeSpan.FromSeconds(30);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (!Failed(context)) return;
        // Only failures are reported: the destination comes back when the period ends (and active probes agree), not
        // because a request sent before it froze happened to succeed.
        var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivationPeriod;
        health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
    }

    private static bool Failed(HttpContext context) =>
        RouteTimeouts.CutShort(context)
        || context.Features.Get<IForwarderErrorFeature>()?.Error is ForwarderError.Request or ForwarderError.RequestTimedOut
            or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination;
}
