namespace InfoHub.Bench.Search;

/// <summary>How large the directory is and how often each query runs; <c>--quick</c> is a smoke run, the default a measurement.</summary>
public sealed record SearchSettings
{
    public required string Mode { get; init; }

    public required int Organizations { get; init; }
    public required int Activities { get; init; }
    public int Situations { get; init; } = 30;

    /// <summary>Organizations per import request (with their activities): about 12,000 rows and 6 MB, under the 25,000-row and 32 MB limits.</summary>
    public int OrganizationsPerImport { get; init; } = 2_000;

    /// <summary>Runs of each query shape on each path (direct, gateway) before measuring; not counted.</summary>
    public required int Warmup { get; init; }

    /// <summary>Measured runs of each query shape on each path.</summary>
    public required int Samples { get; init; }

    /// <summary>The seed of the generated directory; the same seed gives the same organizations, activities and queries.</summary>
    public int Seed { get; init; } = 20_240_604;

    public DirectorySize Directory => new(Organizations, Activities, Situations, Seed, OrganizationsPerImport);

    /// <summary>Leave the embedded host's data folder in place (its path is printed) for looking at the SQLite file afterwards.</summary>
    public bool KeepData { get; init; }

    /// <summary>The target of issue #4: p95 through the gateway, in milliseconds.</summary>
    public const double TargetP95Ms = 20.0;

    public static SearchSettings Full { get; } = new()
    {
        Mode = "full",
        Organizations = 20_000, Activities = 100_000,
        Warmup = 10, Samples = 100,
    };

    public static SearchSettings Quick { get; } = new()
    {
        Mode = "quick",
        Organizations = 2_000, Activities = 10_000,
        Warmup = 5, Samples = 30,
    };

    public static SearchSettings FromArgs(IReadOnlyList<string> args)
    {
        var (quick, keepData) = Flags(args, "search");
        return (quick ? Quick : Full) with { KeepData = keepData };
    }

    /// <summary>The flags of the benches on the embedded host (<c>search</c>, <c>pages</c>): <c>--quick</c> and <c>--keep-data</c>, nothing else.</summary>
    public static (bool Quick, bool KeepData) Flags(IReadOnlyList<string> args, string command)
    {
        var unknown = args.Where(a => a is not ("--quick" or "--keep-data")).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown argument(s): {string.Join(' ', unknown)}. Usage: {command} [--quick] [--keep-data]");
        return (args.Contains("--quick"), args.Contains("--keep-data"));
    }
}
