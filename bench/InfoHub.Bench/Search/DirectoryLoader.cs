using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace InfoHub.Bench.Search;

/// <param name="Seconds">From the first import request until the last was answered (all rows committed).</param>
/// <param name="SettleSeconds">After that, until the outbox was relayed and the host idle (the events of the import replicated to contacts).</param>
public sealed record LoadResults(
    int Organizations, int Activities, int Situations, int Requests, double Seconds, double RowsPerSecond,
    double SettleSeconds, long ContactsReplicas, long DatabaseBytes)
{
    /// <summary>A report's lines on the load: its size, speed, what followed it, and the first search after it.</summary>
    public string ToLines(double firstSearchMs) => string.Create(CultureInfo.InvariantCulture,
        $"Load: {Organizations:N0} organizations + {Activities:N0} activities ({Situations} situations) in {Requests} import request(s): {Seconds:F1} s, {RowsPerSecond:N0} rows/s{Environment.NewLine}"
        + $"      then {SettleSeconds:F1} s until the outbox was relayed and the host idle; contacts holds {ContactsReplicas:N0} replicas; directory.db + WAL {DatabaseBytes / 1048576.0:F0} MB{Environment.NewLine}"
        + $"      first search after the load {firstSearchMs:F0} ms (it brings the search index up to the imported rows){Environment.NewLine}");
}

/// <summary>How large a generated directory is, from which seed, and how many organizations one import request carries.</summary>
/// <param name="OrganizationsPerImport">With their activities: about 12,000 rows and 6 MB at 2,000, under the 25,000-row and 32 MB limits.</param>
public sealed record DirectorySize(int Organizations, int Activities, int Situations, int Seed, int OrganizationsPerImport);

/// <summary>A directory generated and loaded into a running embedded host, with the host's memory before the load.</summary>
public sealed record LoadedDirectory(DirectorySize Size, DirectoryDataset Data, LoadResults Load, ProcessMemory? MemoryBeforeLoad);

/// <summary>
/// Fills the embedded host's directory as the secretariat would: situations one by one, then organizations with their
/// activities through the bulk import, several organizations (and all their activities) per request.
/// </summary>
public sealed class DirectoryLoader(EmbeddedWithGateway hub, int organizationsPerImport)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Generates a directory of <paramref name="size"/> from the host's own vocabularies and loads it: the search and pages benches' common start.</summary>
    public static async Task<LoadedDirectory> GenerateAndLoadAsync(EmbeddedWithGateway hub, DirectorySize size, CancellationToken ct)
    {
        Console.WriteLine($"  embedded host pid {hub.Embedded.Pid} at {hub.Embedded.BaseAddress}, gateway pid {hub.Gateway.Pid} at {hub.Gateway.BaseAddress}");
        using var http = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
        var vocabularies = await DirectoryVocabularies.ReadAsync(http, ct);
        var data = new DirectoryDataset(vocabularies, size.Seed, size.Organizations, size.Activities, size.Situations);
        Console.WriteLine($"  generated {data.Organizations.Count:N0} organizations, {data.ActivityCount:N0} activities, {data.Situations.Count} situations (seed {size.Seed})");
        var memoryBeforeLoad = MachineInfo.Memory(hub.Embedded.Pid);
        var load = await new DirectoryLoader(hub, size.OrganizationsPerImport).LoadAsync(data, ct);
        return new LoadedDirectory(size, data, load, memoryBeforeLoad);
    }

    public async Task<LoadResults> LoadAsync(DirectoryDataset data, CancellationToken ct)
    {
        using var http = EmbeddedWithGateway.CreateClient(hub.Embedded.BaseAddress);
        http.DefaultRequestHeaders.Authorization = await hub.SecretariatTokenAsync(ct);

        foreach (var situation in data.Situations)
        {
            using var response = await http.PostAsJsonAsync("/api/directory/situations", situation, Json, ct);
            await EnsureSuccessAsync(response, $"POST situation {situation.Id}", ct);
        }

        var batches = data.Organizations.Chunk(organizationsPerImport).ToList();
        Console.WriteLine($"  importing {data.Organizations.Count:N0} organizations and {data.ActivityCount:N0} activities in {batches.Count} requests");
        var start = Stopwatch.GetTimestamp();
        foreach (var (batch, i) in batches.Select((b, i) => (b, i)))
        {
            // A fresh token per request: a full load may outlast one.
            http.DefaultRequestHeaders.Authorization = await hub.SecretariatTokenAsync(ct);
            var document = new { organizations = batch, activities = batch.SelectMany(o => data.Activities[o.Id]).ToList() };
            var requestStart = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/directory/imports", document, Json, ct);
            await EnsureSuccessAsync(response, $"import request {i + 1}", ct);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var rejected = report.GetProperty("rejectedCount").GetInt32();
            if (rejected > 0)
                throw new InvalidOperationException($"Import request {i + 1} rejected {rejected} rows, e.g. {report.GetProperty("rejected")[0]}");
            Console.WriteLine(Invariant($"    request {i + 1}/{batches.Count}: {document.organizations.Length + document.activities.Count:N0} rows in {Clock.MillisecondsSince(requestStart) / 1000:F1} s"));
        }
        var seconds = Clock.MillisecondsSince(start) / 1000;
        var rows = data.Organizations.Count + data.ActivityCount;

        Console.WriteLine("  waiting until the import's events are relayed and the host is idle");
        var settleStart = Stopwatch.GetTimestamp();
        await WaitUntilSettledAsync(ct);
        var settle = Clock.MillisecondsSince(settleStart) / 1000;

        return new LoadResults(data.Organizations.Count, data.ActivityCount, data.Situations.Count, batches.Count,
            Math.Round(seconds, 2), Math.Round(rows / seconds), Math.Round(settle, 1),
            await ScalarOrMinusOneAsync(Path.Combine(hub.DataDirectory, "contacts.db"), "SELECT count(*) FROM documents WHERE collection = 'organizations' AND deleted = 0", ct),
            DatabaseBytes(Path.Combine(hub.DataDirectory, "directory.db")));
    }

    /// <summary>
    /// The directory's outbox is empty, and the embedded host has used under 5% of one core for two seconds: the
    /// in-memory bus and contacts' replica are done, so they do not run beside the measurements.
    /// </summary>
    private async Task WaitUntilSettledAsync(CancellationToken ct)
    {
        var directory = Path.Combine(hub.DataDirectory, "directory.db");
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 1800L;
        var quiet = 0;
        var (lastCpu, lastAt) = (CpuSeconds(hub.Embedded.Pid), Stopwatch.GetTimestamp());
        while (true)
        {
            await Task.Delay(500, ct);
            if (hub.Embedded.HasExited) throw new InvalidOperationException("The embedded host exited while settling.");
            var (cpu, at) = (CpuSeconds(hub.Embedded.Pid), Stopwatch.GetTimestamp());
            var share = (cpu - lastCpu) / (Clock.MillisecondsBetween(lastAt, at) / 1000);
            (lastCpu, lastAt) = (cpu, at);
            var pending = await ScalarOrMinusOneAsync(directory, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", ct);
            quiet = pending <= 0 && share < 0.05 ? quiet + 1 : 0;
            if (quiet >= 4) return;
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException(Invariant($"The host did not settle within 30 minutes (outbox pending {pending}, CPU {share:P0})."));
        }
    }

    /// <summary>User and system CPU time the process has used (Linux /proc); 0 elsewhere, which reads as idle.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: field 3 is index 0, so utime (14) and stime (15) are indexes 11 and 12; clock ticks of 1/100 s.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    private static async Task<long> ScalarOrMinusOneAsync(string path, string sql, CancellationToken ct)
    {
        if (!File.Exists(path)) return -1;
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        catch (SqliteException) { return -1; }
    }

    private static long DatabaseBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
