using System.Text.Json;

namespace InfoHub.NewsDigest.Council;

/// <summary>
/// The Council's real membership for the years around today and the presidency month the rotation is derived from,
/// from <c>council-seats.json</c> (embedded; its <c>source</c> names where the facts come from).
/// </summary>
public static class CouncilSeed
{
    private sealed record SeatEntry(string Country, string Name, bool Permanent, int? From, int? To);
    private sealed record AnchorEntry(int Year, int Month, string Country);
    private sealed record SeedFile(string Source, AnchorEntry PresidencyAnchor, List<SeatEntry> Seats);

    private static readonly Lazy<(CouncilComposition Composition, string Source)> Loaded = new(Load);

    public static CouncilComposition Composition => Loaded.Value.Composition;

    /// <summary>Where the seeded facts come from, as the seed file says.</summary>
    public static string Source => Loaded.Value.Source;

    private static (CouncilComposition, string) Load()
    {
        using var stream = typeof(CouncilSeed).Assembly.GetManifestResourceStream("InfoHub.NewsDigest.Council.council-seats.json")
                           ?? throw new InvalidOperationException("The Council seed (council-seats.json) is not embedded in InfoHub.NewsDigest.");
        var file = JsonSerializer.Deserialize<SeedFile>(stream, JsonSerializerOptions.Web)
                   ?? throw new InvalidOperationException("The Council seed (council-seats.json) is empty.");
        var seats = file.Seats.Select(s => new CouncilSeat(s.Country, s.Name, s.Permanent, s.From, s.To));
        var anchor = new PresidencyRecord(new CouncilMonth(file.PresidencyAnchor.Year, file.PresidencyAnchor.Month), file.PresidencyAnchor.Country);
        return (new CouncilComposition(seats, anchor), file.Source);
    }
}
