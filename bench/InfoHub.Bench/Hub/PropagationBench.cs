using InfoHub.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace InfoHub.Bench.Hub;

/// <param name="ViaGateway">PUT through the gateway until the replica read through the gateway shows it: the propagation figure.</param>
/// <param name="ContactsDirect">PUT on the directory's port until the replica read on contacts' port shows it (separate rounds).</param>
/// <param name="ProxiedGet">The baseline: a small GET through the gateway to the directory (a vocabulary), same client, same run.</param>
/// <param name="DirectGet">The same GET on the directory's own port.</param>
/// <param name="PutAcknowledgedDirect">A PUT on the directory's own port, without the gateway hop.</param>
public sealed record HubLatencyResults(
    LatencySummary ViaGateway,
    LatencySummary ContactsDirect,
    LatencySummary PutAcknowledged,
    LatencySummary ProxiedGet,
    LatencySummary DirectGet,
    LatencySummary PutAcknowledgedDirect,
    double PollIntervalMs);

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
    IReadOnlyList<TraceSample>? Trace);

/// <summary>Every sample in milliseconds, kept with <c>--trace</c> so distributions can be examined after the run.</summary>
public sealed record HubSamples(IReadOnlyList<double> ViaGateway, IReadOnlyList<double> PutAcknowledged, IReadOnlyList<double> PutUnderLoad);

public sealed record HubResults(HubLatencyResults Latency, HubThroughputResults Throughput, HubSamples? Samples);

/// <summary>
/// End-to-end propagation: a write through the gateway to the directory, until the contacts service shows it.
/// Writes always go through the gateway; the replica is read through the gateway and, in parallel, straight from contacts.
/// </summary>
public sealed class PropagationBench(DistributedHub cluster, Uri broker, BenchSettings settings)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task<HubResults> RunAsync(CancellationToken ct)
    {
        var gatewayHttp = cluster.CreateClient(cluster.Gateway.BaseAddress);
        var contactsHttp = cluster.CreateClient(cluster.Contacts.BaseAddress);
        var gateway = new OrganizationsApi(gatewayHttp);
        var directory = new OrganizationsApi(cluster.CreateClient(cluster.Directory.BaseAddress));
        var contacts = new OrganizationsApi(contactsHttp);

        var (latency, viaGateway, acknowledged) = await MeasureLatencyAsync(gateway, directory, contacts, ct);
        var (throughput, putUnderLoad) = await MeasureThroughputAsync(gateway, contacts, ct);
        return new HubResults(latency, throughput, settings.Trace ? new HubSamples(Round(viaGateway), Round(acknowledged), Round(putUnderLoad)) : null);
    }

    private async Task<(HubLatencyResults Results, List<double> ViaGateway, List<double> Acknowledged)> MeasureLatencyAsync(
        OrganizationsApi gateway, OrganizationsApi directory, OrganizationsApi contacts, CancellationToken ct)
    {
        Console.WriteLine($"  InfoHub latency: {settings.HubLatencyWarmup} warm-up + {settings.HubLatencySamples} rounds of: GET baseline (gateway, direct), " +
                          $"PUT through the gateway → replica shows it (polled every {PollInterval.TotalMilliseconds} ms), PUT on the directory's port");
        var organization = await gateway.RegisterAsync($"Bench latency {_run}", ct);
        await contacts.WaitForReplicaAsync(organization.Id, organization.Name, organization.Version, PollInterval, ct);

        var viaGateway = new List<double>(settings.HubLatencySamples);
        var direct = new List<double>(settings.HubLatencySamples);
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

            // One poller at a time: a second one, polling the other path at once, would compete with the pipeline it measures.
            var viaGatewayRound = await PutAndWaitAsync(gateway, gateway, organization.Id, $"Bench latency {_run} #{i}", "through the gateway", ct);
            // The write path without the gateway: PUT on the directory's port until contacts' port shows it.
            var directRound = await PutAndWaitAsync(directory, contacts, organization.Id, $"Bench latency {_run} #{i} direct", "on the directory's port", ct);

            if (!measured) continue;
            proxiedGet.Add(Clock.MillisecondsBetween(getStart, getMiddle));
            directGet.Add(Clock.MillisecondsBetween(getMiddle, getEnd));
            viaGateway.Add(Clock.MillisecondsBetween(viaGatewayRound.Sent, viaGatewayRound.Seen));
            direct.Add(Clock.MillisecondsBetween(directRound.Sent, directRound.Seen));
            acknowledged.Add(Clock.MillisecondsBetween(viaGatewayRound.Sent, viaGatewayRound.Acknowledged));
            acknowledgedDirect.Add(Clock.MillisecondsBetween(directRound.Sent, directRound.Acknowledged));
        }
        var results = new HubLatencyResults(LatencySummary.Of(viaGateway), LatencySummary.Of(direct), LatencySummary.Of(acknowledged),
            LatencySummary.Of(proxiedGet), LatencySummary.Of(directGet), LatencySummary.Of(acknowledgedDirect), PollInterval.TotalMilliseconds);
        return (results, viaGateway, acknowledged);
    }

    /// <summary>A PUT with a new name through <paramref name="writer"/>, then <paramref name="reader"/> polled until its replica shows it: the Stopwatch timestamps.</summary>
    private static async Task<(long Sent, long Acknowledged, long Seen)> PutAndWaitAsync(
        OrganizationsApi writer, OrganizationsApi reader, Guid id, string name, string path, CancellationToken ct)
    {
        var sent = Stopwatch.GetTimestamp();
        var (updated, status) = await writer.ReplaceAsync(id, name, ct);
        var acknowledged = Stopwatch.GetTimestamp();
        if (updated is null) throw new HttpFailure($"PUT {path} answered {status}.");
        return (sent, acknowledged, await reader.WaitForReplicaAsync(id, name, updated.Version, PollInterval, ct));
    }

    private async Task<(HubThroughputResults Results, List<double> PutLatencies)> MeasureThroughputAsync(OrganizationsApi gateway, OrganizationsApi contacts, CancellationToken ct)
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
        await WaitUntilReplicatedAsync(contacts, ids, finalVersion, ct);

        await using var tracer = settings.Trace ? await ThroughputTracer.StartAsync(cluster, broker, ct) : null;
        var failures = new ConcurrentDictionary<string, int>();
        var putLatencies = new ConcurrentBag<double>();
        var succeeded = 0;
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
        await WaitUntilReplicatedAsync(contacts, ids, finalVersion, ct);
        var replicated = Stopwatch.GetTimestamp();
        var trace = tracer is null ? null : await tracer.StopAsync();

        var seconds = Clock.MillisecondsBetween(start, replicated) / 1000;
        var puts = putLatencies.ToList();
        var results = new HubThroughputResults(count, settings.HubUpdates, settings.HubInFlight, succeeded, failures,
            Clock.MillisecondsBetween(start, acknowledged) / 1000, seconds, succeeded / seconds, LatencySummary.Of(puts), trace);
        return (results, puts);
    }

    /// <summary>Polls contacts directly until every organization is at its expected version; checks many at once.</summary>
    private static async Task WaitUntilReplicatedAsync(OrganizationsApi contacts, Guid[] ids, long[] versions, CancellationToken ct)
    {
        var pending = Enumerable.Range(0, ids.Length).ToList();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 300;
        while (pending.Count > 0)
        {
            var done = new ConcurrentBag<int>();
            var round = pending;
            await Concurrently.RunAsync(round.Count, 8, async (j, token) =>
            {
                var k = round[j];
                var replica = await contacts.ReplicaAsync(ids[k], token);
                if (replica is not null && replica.Version >= versions[k]) done.Add(k);
            }, ct);
            pending = pending.Except(done).ToList();
            if (pending.Count == 0) return;
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{pending.Count} of {ids.Length} organizations did not reach their final version in contacts within 5 minutes.");
            }
            await Task.Delay(2, ct);
        }
    }

    private static double[] Round(List<double> samples) => samples.Select(s => Math.Round(s, 2)).ToArray();

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }

}
