using InfoHub.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace InfoHub.Bench.Hub;

/// <param name="ViaGateway">PUT through the gateway until contacts' store holds the change: the propagation figure.</param>
/// <param name="ViaGatewayRead">The same, until one GET through the gateway, sent once the store held it, has answered with it.</param>
/// <param name="ContactsDirect">PUT on the directory's port until contacts' store holds it (separate rounds).</param>
/// <param name="ContactsDirectRead">The same, until one GET on contacts' port has answered with it.</param>
/// <param name="ProxiedGet">The baseline: a small GET through the gateway to the directory (a vocabulary), same client, same run.</param>
/// <param name="DirectGet">The same GET on the directory's own port.</param>
/// <param name="PutAcknowledgedDirect">A PUT on the directory's own port, without the gateway hop.</param>
public sealed record HubLatencyResults(
    LatencySummary ViaGateway,
    LatencySummary ViaGatewayRead,
    LatencySummary ContactsDirect,
    LatencySummary ContactsDirectRead,
    LatencySummary PutAcknowledged,
    LatencySummary ProxiedGet,
    LatencySummary DirectGet,
    LatencySummary PutAcknowledgedDirect);

public sealed record HubThroughputResults(
    int Organizations,
    int Updates,
    int InFlight,
    int Succeeded,
    IReadOnlyDictionary<string, int> Failures,
    double SecondsUntilAllAcknowledged,
    double SecondsUntilAllReplicated,
    double UpdatesPerSecond,
    LatencySummary PutLatency,
    IReadOnlyDictionary<string, double> CpuPerUpdate,
    IReadOnlyList<TraceSample>? Trace);

/// <summary>Every sample in milliseconds, kept with <c>--trace</c> so distributions can be examined after the run.</summary>
public sealed record HubSamples(IReadOnlyList<double> ViaGateway, IReadOnlyList<double> PutAcknowledged, IReadOnlyList<double> PutUnderLoad);

public sealed record HubResults(HubLatencyResults Latency, HubThroughputResults Throughput, HubSamples? Samples);

/// <summary>
/// End-to-end propagation: a write through the gateway to the directory, until the contacts service holds it.
/// "Holds it" is read from contacts' store, woken by its commits (<see cref="ReplicaStore"/>), then confirmed by one
/// read through contacts' API; the throughput phase waits on the store the same way.
/// </summary>
public sealed class PropagationBench(DistributedHub cluster, Uri broker, BenchSettings settings)
{
    private static readonly TimeSpan ReplicaTimeout = TimeSpan.FromSeconds(30);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task<HubResults> RunAsync(CancellationToken ct)
    {
        var gatewayHttp = cluster.CreateClient(cluster.Gateway.BaseAddress);
        var contactsHttp = cluster.CreateClient(cluster.Contacts.BaseAddress);
        var gateway = new OrganizationsApi(gatewayHttp);
        var directory = new OrganizationsApi(cluster.CreateClient(cluster.Directory.BaseAddress));
        var contacts = new OrganizationsApi(contactsHttp);

        using var store = ReplicaStore.Open(Path.Combine(cluster.DataDirectory("contacts"), "contacts.db"));
        var (latency, viaGateway, acknowledged) = await MeasureLatencyAsync(gateway, directory, contacts, store, ct);
        var (throughput, putUnderLoad) = await MeasureThroughputAsync(gateway, contacts, store, ct);
        return new HubResults(latency, throughput, settings.Trace ? new HubSamples(Round(viaGateway), Round(acknowledged), Round(putUnderLoad)) : null);
    }

    private async Task<(HubLatencyResults Results, List<double> ViaGateway, List<double> Acknowledged)> MeasureLatencyAsync(
        OrganizationsApi gateway, OrganizationsApi directory, OrganizationsApi contacts, ReplicaStore store, CancellationToken ct)
    {
        Console.WriteLine($"  InfoHub latency: {settings.HubLatencyWarmup} warm-up + {settings.HubLatencySamples} rounds of: GET baseline (gateway, direct), " +
                          "PUT through the gateway → contacts' store holds it → a GET through the gateway shows it, the same on the services' own ports");
        var organization = await gateway.RegisterAsync($"Bench latency {_run}", ct);
        await store.WaitForAsync(organization.Id, organization.Name, organization.Version, ReplicaTimeout, ct);

        var viaGateway = new List<double>(settings.HubLatencySamples);
        var viaGatewayRead = new List<double>(settings.HubLatencySamples);
        var direct = new List<double>(settings.HubLatencySamples);
        var directRead = new List<double>(settings.HubLatencySamples);
        var acknowledged = new List<double>(settings.HubLatencySamples);
        var proxiedGet = new List<double>(settings.HubLatencySamples);
        var directGet = new List<double>(settings.HubLatencySamples);
        var acknowledgedDirect = new List<double>(settings.HubLatencySamples);
        for (var i = 0; i < settings.HubLatencyWarmup + settings.HubLatencySamples; i++)
        {
            var measured = i >= settings.HubLatencyWarmup;
            var getStart = Stopwatch.GetTimestamp();
            await gateway.ReadVocabularyAsync(ct);
            var getMiddle = Stopwatch.GetTimestamp();
            await directory.ReadVocabularyAsync(ct);
            var getEnd = Stopwatch.GetTimestamp();

            var viaGatewayRound = await PutAndWaitAsync(gateway, gateway, store, organization.Id, $"Bench latency {_run} #{i}", "through the gateway", ct);
            // The write path without the gateway: PUT on the directory's port, read back on contacts' port.
            var directRound = await PutAndWaitAsync(directory, contacts, store, organization.Id, $"Bench latency {_run} #{i} direct", "on the directory's port", ct);

            if (!measured) continue;
            proxiedGet.Add(Clock.MillisecondsBetween(getStart, getMiddle));
            directGet.Add(Clock.MillisecondsBetween(getMiddle, getEnd));
            viaGateway.Add(Clock.MillisecondsBetween(viaGatewayRound.Sent, viaGatewayRound.Held));
            viaGatewayRead.Add(Clock.MillisecondsBetween(viaGatewayRound.Sent, viaGatewayRound.Read));
            direct.Add(Clock.MillisecondsBetween(directRound.Sent, directRound.Held));
            directRead.Add(Clock.MillisecondsBetween(directRound.Sent, directRound.Read));
            acknowledged.Add(Clock.MillisecondsBetween(viaGatewayRound.Sent, viaGatewayRound.Acknowledged));
            acknowledgedDirect.Add(Clock.MillisecondsBetween(directRound.Sent, directRound.Acknowledged));
        }
        var results = new HubLatencyResults(LatencySummary.Of(viaGateway), LatencySummary.Of(viaGatewayRead), LatencySummary.Of(direct),
            LatencySummary.Of(directRead), LatencySummary.Of(acknowledged), LatencySummary.Of(proxiedGet), LatencySummary.Of(directGet),
            LatencySummary.Of(acknowledgedDirect));
        return (results, viaGateway, acknowledged);
    }

    /// <summary>
    /// A PUT with a new name through <paramref name="writer"/>; then contacts' store watched until it holds the change;
    /// then one GET through <paramref name="reader"/>, which must show it: the Stopwatch timestamps of each step.
    /// </summary>
    private static async Task<(long Sent, long Acknowledged, long Held, long Read)> PutAndWaitAsync(
        OrganizationsApi writer, OrganizationsApi reader, ReplicaStore store, Guid id, string name, string path, CancellationToken ct)
    {
        var sent = Stopwatch.GetTimestamp();
        var (updated, status) = await writer.ReplaceAsync(id, name, ct);
        var acknowledged = Stopwatch.GetTimestamp();
        if (updated is null) throw new HttpFailure($"PUT {path} answered {status}.");
        var held = await store.WaitForAsync(id, name, updated.Version, ReplicaTimeout, ct);
        var replica = await reader.ReplicaAsync(id, ct);
        var read = Stopwatch.GetTimestamp();
        if (replica is null || replica.Version < updated.Version || (replica.Version == updated.Version && replica.Name != name))
        {
            throw new HttpFailure($"Contacts' store held version {updated.Version} of {id}, but its API answered {replica?.Version.ToString() ?? "nothing"}.");
        }
        return (sent, acknowledged, held, read);
    }

    private async Task<(HubThroughputResults Results, List<double> PutLatencies)> MeasureThroughputAsync(
        OrganizationsApi gateway, OrganizationsApi contacts, ReplicaStore store, CancellationToken ct)
    {
        var count = settings.HubOrganizations;
        Console.WriteLine($"  InfoHub throughput: {count} organizations, then {settings.HubUpdates} updates through the gateway, {settings.HubInFlight} in flight");
        var ids = new Guid[count];
        var finalVersion = new long[count];
        await Concurrently.RunAsync(count, settings.HubInFlight, async (k, token) =>
        {
            var created = await gateway.RegisterAsync($"Bench org {_run} {k}", token);
            ids[k] = created.Id;
            finalVersion[k] = created.Version;
        }, ct);
        await WaitUntilReplicatedAsync(store, ids, finalVersion, ct);

        await using var tracer = settings.Trace ? await ThroughputTracer.StartAsync(cluster, broker, ct) : null;
        var failures = new ConcurrentDictionary<string, int>();
        var putLatencies = new ConcurrentBag<double>();
        var succeeded = 0;
        var cpu = CpuMeter.For(("gateway", cluster.Gateway.Pid), ("directory", cluster.Directory.Pid), ("contacts", cluster.Contacts.Pid));
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        tracer?.Begin(start);
        await Concurrently.RunAsync(settings.HubUpdates, settings.HubInFlight, async (i, token) =>
        {
            var k = i % count;
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var (updated, status) = await gateway.ReplaceAsync(ids[k], $"Bench org {_run} {k} u{i}", token);
                putLatencies.Add(Clock.MillisecondsSince(sent));
                if (updated is null)
                {
                    failures.AddOrUpdate($"HTTP {status}", 1, (_, n) => n + 1);
                    return;
                }
                Interlocked.Increment(ref succeeded);
                tracer?.Acknowledged();
                InterlockedMax(ref finalVersion[k], updated.Version);
            }
            catch (HttpRequestException e)
            {
                failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
        }, ct);
        var acknowledged = Stopwatch.GetTimestamp();
        await WaitUntilReplicatedAsync(store, ids, finalVersion, ct);
        var replicated = Stopwatch.GetTimestamp();
        var cpuPerUpdate = cpu.Stop(settings.HubUpdates);
        var trace = tracer is null ? null : await tracer.StopAsync();
        await ExpectThroughApiAsync(contacts, ids, finalVersion, ct);

        var seconds = Clock.MillisecondsBetween(start, replicated) / 1000;
        var puts = putLatencies.ToList();
        var results = new HubThroughputResults(count, settings.HubUpdates, settings.HubInFlight, succeeded, failures,
            Clock.MillisecondsBetween(start, acknowledged) / 1000, seconds, succeeded / seconds, LatencySummary.Of(puts), cpuPerUpdate, trace);
        return (results, puts);
    }

    /// <summary>Reads contacts' store at each of its commits until every organization is at its expected version.</summary>
    private static async Task WaitUntilReplicatedAsync(ReplicaStore store, Guid[] ids, long[] versions, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 300;
        while (true)
        {
            var changed = store.NextChange();
            var held = store.Versions();
            var behind = Enumerable.Range(0, ids.Length).Count(k => held.GetValueOrDefault(ids[k]) < Volatile.Read(ref versions[k]));
            if (behind == 0) return;
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{behind} of {ids.Length} organizations did not reach their final version in contacts within 5 minutes.");
            }
            await Task.WhenAny(changed, Task.Delay(20, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>After the timing: contacts' API answers every organization at the version its store holds (nothing the API would hide).</summary>
    private static async Task ExpectThroughApiAsync(OrganizationsApi contacts, Guid[] ids, long[] versions, CancellationToken ct) =>
        await Concurrently.RunAsync(ids.Length, 8, async (k, token) =>
        {
            var replica = await contacts.ReplicaAsync(ids[k], token);
            if (replica is null || replica.Version < versions[k])
            {
                throw new HttpFailure($"Contacts' API answered {replica?.Version.ToString() ?? "nothing"} for {ids[k]}, expected version {versions[k]}.");
            }
        }, ct);

    private static double[] Round(List<double> samples) => samples.Select(s => Math.Round(s, 2)).ToArray();

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }

}
