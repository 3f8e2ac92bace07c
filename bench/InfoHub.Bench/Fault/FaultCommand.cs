using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoHub.Testing;
using Microsoft.Data.Sqlite;

namespace InfoHub.Bench.Fault;

/// <summary>
/// <c>fault [--rows=2000] [--outage=30] [--renames=200] [--stop-broker]</c>: two instances of directory and of contacts on
/// one broker; a bulk import through the gateway, then renames spread over both directory instances, while the broker is
/// away for the outage (cut off by a TCP proxy, or with <c>--stop-broker</c> stopped by <c>rabbitmqctl stop_app</c> —
/// only on a broker of your own). Then: how long until every replica in contacts equals the directory, and whether any
/// change was lost or applied twice.
/// </summary>
public static class FaultCommand
{
    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        int Arg(string name, int fallback) =>
            args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a ? int.Parse(a[(name.Length + 3)..]) : fallback;
        var rows = Arg("rows", 2000);
        var outage = TimeSpan.FromSeconds(Arg("outage", 30));
        var renames = Arg("renames", 200);
        var stopBroker = args.Contains("--stop-broker");
        var loadAtStart = MachineInfo.LoadAverage();

        await using var broker = await TestBroker.StartAsync();
        await using var proxy = new TcpProxy(broker.Host, broker.Port);
        var services = new Dictionary<string, string>
        {
            ["Directory__CheckpointInterval"] = "00:00:05",
            ["Contacts__CatchUp__Grace"] = "00:00:10",
            ["Contacts__CatchUp__CheckInterval"] = "00:00:01",
        };
        var unlimited = new Dictionary<string, string> { ["Gateway__RateLimits__SignedInPermits"] = "1000000", ["Gateway__RateLimits__AnonymousPermits"] = "1000000" };
        Console.WriteLine($"InfoHub fault run: {rows:N0}-row import and {renames} renames, broker away for {outage.TotalSeconds:0} s ({(stopBroker ? "rabbitmqctl stop_app" : "cut off by a TCP proxy")}), two instances of directory and contacts");
        await using var hub = await DistributedHub.StartAsync(stopBroker ? broker.Uri : broker.Via("127.0.0.1", proxy.Port), services, unlimited, instances: 2);
        try
        {
            var ids = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToList();
            var body = JsonSerializer.Serialize(new { organizations = ids.Select((id, i) => new { id, name = $"Fault Run Organization {i:D4}", country = "SN" }) });

            // The broker goes away as the import starts: every event of it, and of the renames, waits in the outbox.
            var cutAt = Stopwatch.StartNew();
            if (stopBroker) await Rabbitmqctl("stop_app"); else proxy.Block();
            using var imported = await hub.Client.PostAsync("/api/directory/imports", new StringContent(body, Encoding.UTF8, "application/json"));
            var importStatus = (int)imported.StatusCode;
            var importTook = cutAt.Elapsed;

            var renameStatuses = new List<int>();
            var random = new Random(7);
            foreach (var id in ids.OrderBy(_ => random.Next()).Take(renames))
            {
                using var renamed = await hub.Client.PutAsync($"/api/directory/organizations/{id}",
                    JsonContent.Create(new { name = $"Renamed during the outage {id:N}", country = "SN" }));
                renameStatuses.Add((int)renamed.StatusCode);
            }
            var pendingDuringOutage = Outbox(hub.DataDirectory("directory"));
            var left = outage - cutAt.Elapsed;
            if (left > TimeSpan.Zero) await Task.Delay(left);

            if (stopBroker) await Rabbitmqctl("start_app"); else proxy.Unblock();
            var restored = Stopwatch.StartNew();
            TimeSpan? converged = null;
            ReplicaComparison comparison;
            while (true)
            {
                comparison = ReplicaComparison.Of(hub);
                if (comparison.Equal) { converged = restored.Elapsed; break; }
                if (restored.Elapsed > TimeSpan.FromMinutes(3)) break;
                await Task.Delay(250);
            }
            var outbox = Outbox(hub.DataDirectory("directory"));

            Console.WriteLine();
            Console.WriteLine($"| figure | value |");
            Console.WriteLine($"|---|---|");
            Console.WriteLine($"| load average at start | {loadAtStart} |");
            Console.WriteLine($"| import during the outage | HTTP {importStatus} in {importTook.TotalSeconds:0.0} s |");
            Console.WriteLine($"| renames during the outage (round-robin over both directory instances) | {renameStatuses.Count(s => s == 200)} of {renames} answered 200 |");
            Console.WriteLine($"| events waiting in the directory's outbox during the outage | {pendingDuringOutage.Pending:N0} |");
            Console.WriteLine($"| broker away | {outage.TotalSeconds:0} s |");
            Console.WriteLine($"| seconds to converge after the broker returned | {(converged is { } c ? $"{c.TotalSeconds:0.0}" : "did not converge in 3 min")} |");
            Console.WriteLine($"| organizations in the directory / in contacts | {comparison.DirectoryCount:N0} / {comparison.ContactsCount:N0} |");
            Console.WriteLine($"| lost (missing from contacts, or behind the directory's version) | {comparison.Missing + comparison.Behind} |");
            Console.WriteLine($"| duplicated effects (contacts rows without a directory row, or ahead of its version) | {comparison.Extra + comparison.Ahead} |");
            Console.WriteLine($"| outbox after: pending / parked / sent | {outbox.Pending} / {outbox.Parked} / {outbox.Sent:N0} |");
            Console.WriteLine($"| relay lease held by | {outbox.LeaseHolder} |");
            if (converged is null) Console.Error.WriteLine(hub.Output);
        }
        catch
        {
            Console.Error.WriteLine(hub.Output);
            throw;
        }
        finally
        {
            proxy.Unblock();
        }
    }

    private sealed record OutboxFigures(long Pending, long Parked, long Sent, string LeaseHolder);

    private static OutboxFigures Outbox(string directoryData)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directoryData, "directory.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL),
                   (SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL),
                   (SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL),
                   (SELECT coalesce(max(holder), '-') FROM leases)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new OutboxFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
    }

    private static async Task Rabbitmqctl(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
