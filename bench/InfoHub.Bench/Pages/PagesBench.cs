using System.Diagnostics;
using System.Net.Http.Headers;
using InfoHub.Bench.Search;

namespace InfoHub.Bench.Pages;

/// <summary>One page kind through the gateway: the pages and the API queries they make, timed the same way.</summary>
/// <param name="Addresses">How many different addresses of this kind were asked.</param>
/// <param name="HtmlBytes">The mean size of the kind's HTML (uncompressed), over its addresses.</param>
public sealed record KindResults(string Name, int Addresses, long HtmlBytes, Percentiles Page, Percentiles Api)
{
    public double P50Ratio => Math.Round(Page.P50Ms / Api.P50Ms, 2);
    public double P95Ratio => Math.Round(Page.P95Ms / Api.P95Ms, 2);
    public bool MeetsTarget => Page.P95Ms <= PagesSettings.TargetP95Ms;
}

/// <param name="FirstRequestMs">The first search after the load (API): it brings the search index up to the imported rows.</param>
/// <param name="PagesPerSecond">Measured page requests over the time the page rounds took, <paramref name="InFlight"/> at a time.</param>
public sealed record PagesMeasurements(
    double FirstRequestMs, int Requests, int Rounds, int InFlight,
    IReadOnlyList<KindResults> Kinds, Percentiles OverallPage, Percentiles OverallApi, double PagesPerSecond, double ApiPerSecond);

/// <summary>
/// Asks the portal's pages through the gateway, a few at a time, and in the same rounds the directory API queries those
/// pages make (also through the gateway): the pages' time over the API's is what the portal adds. Every address of
/// every kind is asked once on both paths first (a warm-up that also checks each answer); then a fixed, shuffled
/// sequence of requests, split into rounds that alternate which path goes first.
/// </summary>
public sealed class PagesBench(EmbeddedWithGateway hub, PagesSettings settings)
{
    public async Task<PagesMeasurements> RunAsync(DirectoryDataset data, CancellationToken ct)
    {
        using var gateway = BrowserLikeClient(hub.Gateway.BaseAddress);

        var firstRequestMs = (await GetAsync(gateway, "/api/directory/organizations?q=human+rights", Json, ct)).Ms;
        Console.WriteLine(Invariant($"  first search after the load: {firstRequestMs:F0} ms (the search index takes in the imported rows)"));
        var kinds = await PageAddresses.ForAsync(data, gateway, settings.AddressesPerKind, ct);
        var addresses = kinds.SelectMany((k, kind) => k.Addresses.Select(a => (Kind: kind, Address: a))).ToList();
        Console.WriteLine($"  {kinds.Count} page kinds, {addresses.Count} addresses; warm-up: each address once on each path, {settings.InFlight} in flight");

        var htmlBytes = new long[addresses.Count];
        await Concurrently.RunAsync(addresses.Count, settings.InFlight, async (i, token) =>
        {
            htmlBytes[i] = (await GetAsync(gateway, addresses[i].Address.Page, Html, token)).Bytes;
            await GetAsync(gateway, addresses[i].Address.Api, Json, token);
        }, ct);

        // The sequence: each kind as often as the others, each time at one of its addresses, in a shuffled order.
        var random = new Random(settings.Directory.Seed);
        var sequence = Enumerable.Range(0, settings.Requests)
            .Select(i => (Kind: i % kinds.Count, Address: kinds[i % kinds.Count].Addresses[random.Next(kinds[i % kinds.Count].Addresses.Count)]))
            .OrderBy(_ => random.Next())
            .ToArray();
        var pageMs = new double[sequence.Length];
        var apiMs = new double[sequence.Length];
        double pageSeconds = 0, apiSeconds = 0;
        var perRound = (sequence.Length + settings.Rounds - 1) / settings.Rounds;
        for (var round = 0; round < settings.Rounds; round++)
        {
            var from = round * perRound;
            var count = Math.Min(perRound, sequence.Length - from);
            async Task<double> Pages() => await TimeAsync(count, i => GetAsync(gateway, sequence[from + i].Address.Page, Html, ct), pageMs, from, ct);
            async Task<double> Api() => await TimeAsync(count, i => GetAsync(gateway, sequence[from + i].Address.Api, Json, ct), apiMs, from, ct);
            if (round % 2 == 0) { pageSeconds += await Pages(); apiSeconds += await Api(); }
            else { apiSeconds += await Api(); pageSeconds += await Pages(); }
            Console.WriteLine(Invariant($"    round {round + 1}/{settings.Rounds}: {count} pages, then as many API queries ({(round % 2 == 0 ? "pages" : "API")} first); load {MachineInfo.LoadAverage()}"));
        }

        var results = kinds.Select((k, kind) =>
        {
            var mine = Enumerable.Range(0, sequence.Length).Where(i => sequence[i].Kind == kind).ToList();
            var bytes = addresses.Select((a, i) => (a.Kind, Bytes: htmlBytes[i])).Where(a => a.Kind == kind).Average(a => a.Bytes);
            return new KindResults(k.Name, k.Addresses.Count, (long)bytes, Percentiles.Of([.. mine.Select(i => pageMs[i])]), Percentiles.Of([.. mine.Select(i => apiMs[i])]));
        }).ToList();
        foreach (var r in results)
            Console.WriteLine(Invariant($"    {r.Name,-24} page p95 {r.Page.P95Ms,7:F2} ms   API p95 {r.Api.P95Ms,7:F2} ms"));
        return new PagesMeasurements(firstRequestMs, sequence.Length, settings.Rounds, settings.InFlight, results,
            Percentiles.Of(pageMs), Percentiles.Of(apiMs), Math.Round(sequence.Length / pageSeconds, 1), Math.Round(sequence.Length / apiSeconds, 1));
    }

    /// <summary>Runs <paramref name="count"/> timed requests, <see cref="PagesSettings.InFlight"/> at a time, into <paramref name="into"/> from <paramref name="from"/>; the seconds they took together.</summary>
    private async Task<double> TimeAsync(int count, Func<int, Task<Answer>> request, double[] into, int from, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await Concurrently.RunAsync(count, settings.InFlight, async (i, _) => into[from + i] = (await request(i)).Ms, ct);
        return Clock.MillisecondsSince(start) / 1000;
    }

    private const string Html = "text/html", Json = "application/json";

    private sealed record Answer(long Bytes, double Ms);

    /// <summary>One GET, timed from sending until the whole body is read; anything but 200 with <paramref name="mediaType"/> fails the run.</summary>
    private static async Task<Answer> GetAsync(HttpClient http, string path, string mediaType, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var ms = Clock.MillisecondsSince(start);
        if (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != mediaType)
            throw new InvalidOperationException(
                $"GET {path} via {http.BaseAddress} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}, not 200 {mediaType}: " +
                System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 2000))));
        return new Answer(body.Length, ms);
    }

    /// <summary>
    /// A reader's browser, as far as the server can tell: it keeps the portal's cookies, asks for HTML in English and
    /// says which encodings it takes (what it receives is timed as received: nothing is decompressed).
    /// </summary>
    public static HttpClient BrowserLikeClient(Uri baseAddress)
    {
        var http = EmbeddedWithGateway.CreateClient(baseAddress);
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8");
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, deflate, br");
        return http;
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
