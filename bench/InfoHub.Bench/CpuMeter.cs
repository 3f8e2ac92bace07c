using System.Diagnostics;

namespace InfoHub.Bench;

/// <summary>
/// CPU time (user + system) the named processes used between <see cref="Start"/> and <see cref="Stop"/>: on a machine
/// whose cores every process shares, CPU per message is a steadier figure than messages per second, and it shows
/// which process a pipeline's cost sits in.
/// </summary>
public sealed class CpuMeter
{
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private TimeSpan[] _before = [];

    private CpuMeter(IReadOnlyList<(string Name, int Pid)> processes) => _processes = processes;

    /// <summary>Measures the given processes, this one (the bench: client and, for the raw bus, consumer) and the broker when it runs on this machine.</summary>
    public static CpuMeter For(params (string Name, int Pid)[] processes)
    {
        var all = processes.ToList();
        all.Add(("bench", Environment.ProcessId));
        if (BrokerPid() is { } broker) all.Add(("broker", broker));
        return new CpuMeter(all);
    }

    public void Start() => _before = _processes.Select(p => Used(p.Pid)).ToArray();

    /// <summary>Microseconds of CPU per unit of work, by process, then in all.</summary>
    public IReadOnlyDictionary<string, double> Stop(int units)
    {
        var perUnit = new Dictionary<string, double>();
        for (var i = 0; i < _processes.Count; i++)
        {
            perUnit[_processes[i].Name] = Math.Round((Used(_processes[i].Pid) - _before[i]).TotalMicroseconds / units, 1);
        }
        perUnit["all"] = Math.Round(perUnit.Values.Sum(), 1);
        return perUnit;
    }

    private static TimeSpan Used(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException) { return TimeSpan.Zero; } // gone
        catch (InvalidOperationException) { return TimeSpan.Zero; }
    }

    /// <summary>A local RabbitMQ's Erlang VM (Linux: the process named beam.smp), when there is exactly one; else null.</summary>
    private static int? BrokerPid()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var found = new List<int>();
        foreach (var directory in new DirectoryInfo("/proc").EnumerateDirectories())
        {
            if (!int.TryParse(directory.Name, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory.FullName, "comm")).Trim() == "beam.smp") found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found.Count == 1 ? found[0] : null;
    }
}
