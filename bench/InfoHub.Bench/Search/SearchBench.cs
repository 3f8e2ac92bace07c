using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace InfoHub.Bench.Search;

/// <summary>Latency samples in milliseconds, by nearest-rank percentiles.</summary>
public sealed record Percentiles(int Samples, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static Percentiles Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = milliseconds.Order().ToArray();
        return new Percentiles(sorted.Length, Round(Rank(sorted, 0.50)), Round(Rank(sorted, 0.95)), Round(Rank(sorted, 0.99)), Round(sorted[^1]), Round(sorted.Average()));
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double value) => Math.Round(value, 3);
}

/// <summary>One kind of request, timed on both paths.</summary>
/// <param name="Total">The search's <c>total</c> (matching organizations); null for the baselines.</param>
/// <param name="Bytes">The size of the response body.</param>
public sealed record ShapeResults(string Name, string Path, int? Total, int? Count, long Bytes, Percentiles Direct, Percentiles Gateway)
{
    public double P50Ratio => Math.Round(Gateway.P50Ms / Direct.P50Ms, 2);
    public double P95Ratio => Math.Round(Gateway.P95Ms / Direct.P95Ms, 2);
    public bool MeetsTarget => Gateway.P95Ms <= SearchSettings.TargetP95Ms;
}

/// <param name="FirstSearchMs">The first search after the load, direct: it also brings the search index up to the imported rows.</param>
public sealed record SearchMeasurements(
    double FirstSearchMs,
    IReadOnlyList<ShapeResults> Baselines,
    IReadOnlyList<ShapeResults> Shapes,
    Percentiles OverallDirect,
    Percentiles OverallGateway);

/// <summary>
/// A fixed mix of directory searches, each run sequentially on the embedded host's own port ("direct") and through the
/// gateway, alternating which goes first, after a warm-up; and the fixed cost of a request on both paths, measured the same way.
/// </summary>
public sealed class SearchBench(EmbeddedWithGateway hub, SearchSettings settings)
{
    private const string Search = "/api/directory/organizations";

    public async Task<SearchMeasurements> RunAsync(DirectoryDataset data, CancellationToken ct)
    {
        using var direct = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
        using var gateway = EmbeddedWithGateway.CreateClient(hub.Gateway.BaseAddress);

        var (_, firstSearchMs) = await GetAsync(direct, $"{Search}?q=human+rights", ct);
        Console.WriteLine(Invariant($"  first search after the load: {firstSearchMs:F0} ms (the search index takes in the imported rows)"));
        var shapes = await ShapesAsync(data, direct, ct);
        Console.WriteLine($"  {shapes.Count} query shapes, each {settings.Warmup} warm-up + {settings.Samples} measured runs per path, sequential");

        var baselines = new List<ShapeResults>
        {
            await MeasureAsync("/health/live (gateway answers itself)", "/health/live", direct, gateway, search: false, ct),
            await MeasureAsync("proxied static GET (a vocabulary)", "/api/directory/vocabularies/scopes", direct, gateway, search: false, ct),
        };

        var results = new List<ShapeResults>();
        var allDirect = new List<double>();
        var allGateway = new List<double>();
        foreach (var (name, path) in shapes)
        {
            var (result, directSamples, gatewaySamples) = await MeasureSamplesAsync(name, path, direct, gateway, search: true, ct);
            results.Add(result);
            allDirect.AddRange(directSamples);
            allGateway.AddRange(gatewaySamples);
            Console.WriteLine(Invariant($"    {name,-40} direct p95 {result.Direct.P95Ms,7:F2} ms   gateway p95 {result.Gateway.P95Ms,7:F2} ms   ({result.Total} matches)"));
        }
        return new SearchMeasurements(firstSearchMs, baselines, results, Percentiles.Of(allDirect), Percentiles.Of(allGateway));
    }

    /// <summary>
    /// The query mix. Facet values are chosen from the generated data (e.g. the third most common country), so the
    /// same seed always asks the same questions; the cursor of the page-2 query comes from asking page 1 first.
    /// </summary>
    private static async Task<IReadOnlyList<(string Name, string Path)>> ShapesAsync(DirectoryDataset data, HttpClient http, CancellationToken ct)
    {
        var countries = data.ByFrequency(data.CountriesOf);
        var situations = data.ByFrequency(data.SituationsOf);
        var country = countries[Math.Min(2, countries.Count - 1)];
        var situation = situations[0];

        const string page1 = Search + "?theme=prevention&sort=name&limit=20";
        var first = await http.GetFromJsonAsync<JsonElement>(page1, ct);
        var cursor = first.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String
            ? next.GetString()!
            : throw new InvalidOperationException($"{page1} gave no cursor to a second page.");

        return
        [
            ("text: \"human rights\"", $"{Search}?q=human+rights"),
            ("text + theme", $"{Search}?q=early+warning&theme=prevention"),
            ("text + country + theme", $"{Search}?q=displacement&country={country}&theme=protection-of-civilians"),
            ("text + language + scope", $"{Search}?q=women+peace&language=fr&scope=national"),
            ("text prefix (typing) \"mediat\"", $"{Search}?q=mediat"),
            ($"rare word \"{DirectoryDataset.RareWord}\"", $"{Search}?q={DirectoryDataset.RareWord}"),
            ("facets only: theme + region", $"{Search}?theme=genocide-prevention&region=002"),
            ("situation filter", $"{Search}?situation={situation}"),
            ("sort=updated + membership", $"{Search}?membership=member&sort=updated"),
            ("cursor page 2 (name order, theme)", $"{Search}?theme=prevention&sort=name&limit=20&cursor={Uri.EscapeDataString(cursor)}"),
            ("browse: no text, no filter", Search),
        ];
    }

    private async Task<ShapeResults> MeasureAsync(string name, string path, HttpClient direct, HttpClient gateway, bool search, CancellationToken ct) =>
        (await MeasureSamplesAsync(name, path, direct, gateway, search, ct)).Result;

    private async Task<(ShapeResults Result, List<double> Direct, List<double> Gateway)> MeasureSamplesAsync(
        string name, string path, HttpClient direct, HttpClient gateway, bool search, CancellationToken ct)
    {
        // Both paths must give the same answer before either is timed.
        var (directBody, _) = await GetAsync(direct, path, ct);
        var (gatewayBody, _) = await GetAsync(gateway, path, ct);
        if (search && !directBody.AsSpan().SequenceEqual(gatewayBody))
            throw new InvalidOperationException($"{path}: the gateway's answer differs from the direct one.");
        int? total = null, count = null;
        if (search)
        {
            var page = JsonSerializer.Deserialize<JsonElement>(directBody);
            (total, count) = (page.GetProperty("total").GetInt32(), page.GetProperty("count").GetInt32());
        }

        for (var i = 0; i < settings.Warmup; i++)
        {
            await GetAsync(direct, path, ct);
            await GetAsync(gateway, path, ct);
        }
        var directSamples = new List<double>(settings.Samples);
        var gatewaySamples = new List<double>(settings.Samples);
        for (var i = 0; i < settings.Samples; i++)
        {
            // Alternate which path goes first, so neither always runs just after the other.
            if (i % 2 == 0)
            {
                directSamples.Add((await GetAsync(direct, path, ct)).Ms);
                gatewaySamples.Add((await GetAsync(gateway, path, ct)).Ms);
            }
            else
            {
                gatewaySamples.Add((await GetAsync(gateway, path, ct)).Ms);
                directSamples.Add((await GetAsync(direct, path, ct)).Ms);
            }
        }
        return (new ShapeResults(name, path, total, count, directBody.Length, Percentiles.Of(directSamples), Percentiles.Of(gatewaySamples)),
            directSamples, gatewaySamples);
    }

    /// <summary>One GET, timed from sending until the whole body is read.</summary>
    private static async Task<(byte[] Body, double Ms)> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var ms = Clock.MillisecondsSince(start);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} via {http.BaseAddress} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (body, ms);
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
