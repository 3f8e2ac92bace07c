namespace InfoHub.Bench.Gateway;

/// <summary>How long wrk loads each target and how often; <c>--quick</c> is a smoke run, the default a measurement.</summary>
public sealed record GatewaySettings
{
    /// <summary>The request every target is loaded with: a tiny public GET the directory answers from memory.</summary>
    public const string Path = "/api/directory/vocabularies/visibility";

    /// <summary>The targets: the gateway's requests/s against the bare proxy's, and against the directory's own port.</summary>
    public const double TargetOfBare = 0.85;
    public const double TargetOfDirect = 0.4;

    public required string Mode { get; init; }

    /// <summary>wrk's open connections (<c>-c</c>), on one wrk thread (<c>-t1</c>).</summary>
    public int Connections { get; init; } = 32;

    /// <summary>Seconds of load on each target before anything is measured: the JIT's tiers and the connection pools settle.</summary>
    public required int WarmupSeconds { get; init; }

    /// <summary>Seconds of each measured wrk run.</summary>
    public required int Seconds { get; init; }

    /// <summary>Measured runs of each target; each round visits the targets in a rotated order.</summary>
    public required int Rounds { get; init; }

    /// <summary>Another build of the gateway (its DLL) measured beside this one, e.g. the main branch's: "before" and "after" in one run.</summary>
    public string? BeforeGateway { get; init; }

    /// <summary>Six short rounds rather than three long ones: on a shared machine a round's ratios swing by a third, their median much less.</summary>
    public static GatewaySettings Full { get; } = new() { Mode = "full", WarmupSeconds = 10, Seconds = 8, Rounds = 6 };

    public static GatewaySettings Quick { get; } = new() { Mode = "quick", WarmupSeconds = 3, Seconds = 4, Rounds = 1 };

    public static GatewaySettings FromArgs(IReadOnlyList<string> args)
    {
        const string usage = "Usage: gateway [--quick] [--rounds=N] [--seconds=S] [--before=PATH/InfoHub.Gateway.dll]";
        var settings = args.Contains("--quick") ? Quick : Full;
        foreach (var arg in args.Where(a => a != "--quick"))
        {
            settings = arg.Split('=', 2) switch
            {
                ["--rounds", var n] when int.TryParse(n, out var rounds) && rounds is >= 1 and <= 20 => settings with { Rounds = rounds },
                ["--seconds", var s] when int.TryParse(s, out var seconds) && seconds is >= 1 and <= 300 => settings with { Seconds = seconds },
                ["--before", var path] when File.Exists(path) => settings with { BeforeGateway = System.IO.Path.GetFullPath(path) },
                ["--before", var path] => throw new ArgumentException($"--before: {path} does not exist; build that gateway (Release) first. {usage}"),
                _ => throw new ArgumentException($"Unknown or out-of-range argument: {arg}. {usage}"),
            };
        }
        return settings;
    }
}
