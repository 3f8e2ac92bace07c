using InfoHub.Bench.Search;

namespace InfoHub.Bench.Pages;

/// <summary>How large the directory is and how many pages are asked for; <c>--quick</c> is a smoke run, the default a measurement.</summary>
public sealed record PagesSettings
{
    public required string Mode { get; init; }

    /// <summary>The search bench's directory: the same size, seed and data.</summary>
    public required DirectorySize Directory { get; init; }

    /// <summary>Different addresses of each page kind (queries, facet values, organizations, situations), where the data has that many.</summary>
    public int AddressesPerKind { get; init; } = 24;

    /// <summary>Measured requests on each path (pages, and the API queries they make), shared evenly among the page kinds.</summary>
    public required int Requests { get; init; }

    /// <summary>The measured requests are split into this many rounds, pages and API alternating which goes first.</summary>
    public required int Rounds { get; init; }

    /// <summary>Requests in flight on each path: a few readers at once.</summary>
    public int InFlight { get; init; } = 4;

    /// <summary>Leave the embedded host's data folder in place (its path is printed).</summary>
    public bool KeepData { get; init; }

    /// <summary>Issue #12: server-rendered page p95 through the gateway, in milliseconds.</summary>
    public const double TargetP95Ms = 100.0;

    /// <summary>Issue #12: a page's weight on a first visit (empty cache), HTML and every asset it references, in KB.</summary>
    public const double TargetFirstVisitKb = 250.0;

    public static PagesSettings Full { get; } = new()
    {
        Mode = "full",
        Directory = SearchSettings.Full.Directory,
        Requests = 4_000, Rounds = 4,
    };

    public static PagesSettings Quick { get; } = new()
    {
        Mode = "quick",
        Directory = SearchSettings.Quick.Directory,
        Requests = 600, Rounds = 2,
    };

    public static PagesSettings FromArgs(IReadOnlyList<string> args)
    {
        var (quick, keepData) = SearchSettings.Flags(args, "pages");
        return (quick ? Quick : Full) with { KeepData = keepData };
    }
}
