using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Bench.Search;

namespace InfoHub.Bench.Digest;

/// <summary>
/// <c>digest [--quick]</c>: the news-digest service in the embedded host behind the gateway (issue #13).
/// (1) Drafting a digest of a period holding 5,000 developments and 2,000 network events (organizations registered in
/// the directory, learned by the news service from its events), against the baseline of reading the same 5,000
/// developments through the list API in the same run. (2) The developments' Atom feed under 50 concurrent readers,
/// fetched whole and polled with If-None-Match, against the same 50 developments as JSON from the list API.
/// </summary>
public static class DigestCommand
{
    private const int Situations = 10;
    private const int Readers = 50;

    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var (developments, organizations, drafts, seconds) = quick ? (500, 200, 3, 5) : (5_000, 2_000, 5, 15);
        var loadAtStart = MachineInfo.LoadAverage();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var ct = cancel.Token;

        Console.WriteLine($"InfoHub digest bench ({(quick ? "quick" : "full")}): starting the embedded host and a gateway in front of it");
        await using var hub = await EmbeddedWithGateway.StartAsync(keepData: false);
        using var direct = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
        direct.DefaultRequestHeaders.Authorization = await hub.SecretariatTokenAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (from, to) = (today.AddDays(-61), today);

        Console.WriteLine($"  loading {Situations} situations, {developments:N0} developments over {from:yyyy-MM-dd}..{to:yyyy-MM-dd}, {organizations:N0} organizations");
        var load = Stopwatch.StartNew();
        for (var s = 0; s < Situations; s++)
            Check(await direct.PostAsync("/api/directory/situations", Json(new { id = $"bench-situation-{s}", name = $"Bench situation {s}", countries = new[] { "SD" } }), ct), HttpStatusCode.Created);
        await UntilAsync(async () => (await direct.GetFromJsonAsync<JsonElement>("/api/news/situations", ct)).GetArrayLength() >= Situations, ct);
        await Concurrently.RunAsync(developments, 8, async (i, token) => Check(await direct.PostAsync("/api/news/developments", Json(new
        {
            headline = $"Bench development {i}: Council briefing on the protection of civilians",
            summary = "Members heard a briefing on attacks against civilians and humanitarian access.",
            body = "Briefers asked for **humanitarian access** and for [accountability](https://press.un.org/en).",
            date = from.AddDays(i % 62).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            organ = "security-council", situations = new[] { $"bench-situation-{i % Situations}" }, themes = new[] { "protection-of-civilians" }, language = "en",
        }), token), HttpStatusCode.Created), ct);
        for (var chunk = 0; chunk < organizations; chunk += 500)
        {
            var rows = Enumerable.Range(chunk, Math.Min(500, organizations - chunk)).Select(i => new { name = $"Bench Network Organization {i:D5}", country = "CA" });
            Check(await direct.PostAsync("/api/directory/imports", Json(new { organizations = rows }), ct), HttpStatusCode.OK);
        }
        // The news service learns the organizations from the directory's events: wait until a draft holds them all.
        var network = 0;
        await UntilAsync(async () => (network = NetworkItems(await DraftAsync(direct, from, to, ct))) >= organizations, ct);
        Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:F1} s; the news service holds {network:N0} network events");

        // (1) Baseline: the same developments read through the list API, a page of 100 at a time.
        var reads = new List<double>();
        for (var run = 0; run < drafts; run++) reads.Add(await TimeAsync(() => ReadAllAsync(direct, from, to, developments, ct)));
        var draftTimes = new List<double>();
        var items = 0;
        for (var run = 0; run < drafts; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var draft = await DraftAsync(direct, from, to, ct);
            draftTimes.Add(Clock.MillisecondsSince(started));
            items = draft.GetProperty("items").GetArrayLength();
        }
        if (items != developments + organizations) throw new InvalidOperationException($"A draft holds {items} items, not {developments + organizations}.");

        // (2) 50 readers through the gateway.
        using var reader = EmbeddedWithGateway.CreateClient(hub.Gateway.BaseAddress);
        using var feedResponse = await reader.GetAsync("/api/news/developments/feed.atom", ct);
        var etag = feedResponse.Headers.ETag?.Tag ?? throw new InvalidOperationException("The feed sent no ETag.");
        var feedBytes = (await feedResponse.Content.ReadAsByteArrayAsync(ct)).Length;
        var json = await LoadAsync(hub, "/api/news/developments?limit=50", null, HttpStatusCode.OK, seconds, ct);
        var atom = await LoadAsync(hub, "/api/news/developments/feed.atom", null, HttpStatusCode.OK, seconds, ct);
        var polled = await LoadAsync(hub, "/api/news/developments/feed.atom", etag, HttpStatusCode.NotModified, seconds, ct);

        var report = new StringBuilder();
        var machine = MachineInfo.AtEnd(loadAtStart);
        report.AppendLine(machine.Heading("InfoHub digest bench" + (quick ? " (quick)" : ""), DateTimeOffset.UtcNow));
        report.AppendLine($"Drafting a digest of {(to.DayNumber - from.DayNumber + 1)} days: {developments:N0} developments + {organizations:N0} network events = {items:N0} items, {drafts} runs each");
        report.AppendLine($"  baseline: the same developments read through the list API (pages of 100)   {Summary(reads)}");
        report.AppendLine($"  drafting the digest (POST /api/news/digests, stored with its DigestDrafted event) {Summary(draftTimes)}");
        report.AppendLine($"  ratio drafting / baseline at p50: {Median(draftTimes) / Median(reads):F2}x");
        report.AppendLine($"Developments feed under {Readers} concurrent readers through the gateway, {seconds} s each (feed: {feedBytes / 1024.0:F1} KB, 50 entries)");
        report.AppendLine($"  baseline: the same 50 as JSON (GET /api/news/developments?limit=50)  {json}");
        report.AppendLine($"  Atom, fetched whole                                                 {atom}   {atom.PerSecond / json.PerSecond:F2}x the baseline's throughput");
        report.AppendLine($"  Atom, polled with If-None-Match (304)                               {polled}   {polled.PerSecond / json.PerSecond:F2}x the baseline's throughput");
        Console.WriteLine();
        Console.Write(report);
    }

    private sealed record LoadResult(int Requests, double PerSecond, LatencySummary Latency)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{PerSecond,7:F0} req/s, p50 {Latency.P50Ms:F1} ms, p99 {Latency.P99Ms:F1} ms");
    }

    /// <summary><see cref="Readers"/> clients, each with its own connection, asking for <paramref name="path"/> back to back for <paramref name="seconds"/>.</summary>
    private static async Task<LoadResult> LoadAsync(EmbeddedWithGateway hub, string path, string? ifNoneMatch, HttpStatusCode expected, int seconds, CancellationToken ct)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(async _ =>
        {
            using var client = EmbeddedWithGateway.CreateClient(hub.Gateway.BaseAddress);
            while (Stopwatch.GetTimestamp() < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                var at = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                latencies.Add(Clock.MillisecondsSince(at));
                if (response.StatusCode != expected) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}, expected {(int)expected}.");
            }
        }));
        var elapsed = Clock.MillisecondsSince(started) / 1000;
        return new LoadResult(latencies.Count, latencies.Count / elapsed, LatencySummary.Of(latencies.ToList()));
    }

    private static async Task<JsonElement> DraftAsync(HttpClient client, DateOnly from, DateOnly to, CancellationToken ct)
    {
        using var response = await client.PostAsync("/api/news/digests", Json(new { from = $"{from:yyyy-MM-dd}", to = $"{to:yyyy-MM-dd}" }), ct);
        Check(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static int NetworkItems(JsonElement draft) =>
        draft.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("section").GetString() == "network");

    private static async Task ReadAllAsync(HttpClient client, DateOnly from, DateOnly to, int expected, CancellationToken ct)
    {
        var read = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/news/developments?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), ct);
            read += page.GetProperty("count").GetInt32();
            cursor = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        if (read != expected) throw new InvalidOperationException($"The list API gave {read} developments, not {expected}.");
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Clock.MillisecondsSince(started);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("The news service did not catch up within 5 minutes.");
            await Task.Delay(1000, ct);
        }
    }

    private static double Median(List<double> values) => LatencySummary.Of(values).P50Ms;

    private static string Summary(List<double> values)
    {
        var s = LatencySummary.Of(values);
        return string.Create(CultureInfo.InvariantCulture, $"p50 {s.P50Ms,8:F0} ms, max {s.MaxMs,8:F0} ms");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static void Check(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
    }
}
