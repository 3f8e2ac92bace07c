using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace InfoHub.NewsDigest.Council;

/// <summary>A calendar month, the Council's unit of presidency and programme of work.</summary>
public readonly record struct CouncilMonth(int Year, int Month) : IComparable<CouncilMonth>
{
    public CouncilMonth Next() => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public int CompareTo(CouncilMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(CouncilMonth a, CouncilMonth b) => a.CompareTo(b) < 0;
    public static bool operator >(CouncilMonth a, CouncilMonth b) => a.CompareTo(b) > 0;
    public static bool operator <=(CouncilMonth a, CouncilMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >=(CouncilMonth a, CouncilMonth b) => a.CompareTo(b) >= 0;

    /// <summary>"2026-03"</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static bool TryParse(string? text, out CouncilMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || year < 1946 || m is < 1 or > 12) return false;
        month = new CouncilMonth(year, m);
        return true;
    }
}

/// <summary>
/// A seat on the Security Council: a permanent member, or an elected member for a two-year term (<see cref="From"/>
/// to <see cref="To"/>, whole calendar years). <see cref="Country"/> is the ISO 3166-1 alpha-2 code; <see cref="Name"/>
/// the short English name by which the presidency's rotation is ordered.
/// </summary>
public sealed record CouncilSeat(string Country, string Name, bool Permanent, int? From = null, int? To = null)
{
    public bool SitsIn(int year) => Permanent || (From <= year && year <= To);
}

/// <summary>Who presided over the Council in a month, as the UN's records give it.</summary>
public sealed record PresidencyRecord(CouncilMonth Month, string Country);

/// <summary>
/// The Council's membership over the years the hub knows, and its monthly presidency, which passes to the next member
/// in English alphabetical order of the members' names, continuing across years. The rotation is derived from one
/// recorded month (<see cref="Anchor"/>); a month recorded otherwise (members sometimes swap) is given in
/// <c>recorded</c> and the rotation continues from it.
/// </summary>
public sealed class CouncilComposition
{
    public const int Seats = 15;

    private readonly IReadOnlyList<CouncilSeat> _seats;

    public CouncilComposition(IEnumerable<CouncilSeat> seats, PresidencyRecord anchor)
    {
        _seats = seats.ToList();
        Anchor = anchor;
        foreach (var seat in _seats)
        {
            if (!seat.Permanent && (seat.From is null || seat.To != seat.From + 1))
                throw new ArgumentException($"{seat.Name}: an elected member sits for two calendar years (from Y to Y+1).", nameof(seats));
        }
        foreach (var year in Years)
        {
            var members = MembersIn(year);
            var twice = members.GroupBy(m => m.Country).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw new ArgumentException($"{twice.Key} holds two seats in {year}.", nameof(seats));
            if (members.Count > Seats) throw new ArgumentException($"{year} has {members.Count} members; the Council has {Seats} seats.", nameof(seats));
        }
    }

    public PresidencyRecord Anchor { get; }

    /// <summary>The years whose elected members are known (each elected seat's two years).</summary>
    public IEnumerable<int> Years => _seats.Where(s => !s.Permanent).SelectMany(s => new[] { s.From!.Value, s.To!.Value }).Distinct().Order();

    /// <summary>Every member in <paramref name="year"/>, in the order of the presidency's rotation.</summary>
    public IReadOnlyList<CouncilSeat> MembersIn(int year) =>
        _seats.Where(s => s.SitsIn(year)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>Whether all fifteen members of <paramref name="year"/> are known.</summary>
    public bool IsKnown(int year) => MembersIn(year).Count == Seats;

    /// <summary>The member sitting in <paramref name="year"/> with this country code, if any.</summary>
    public bool TryGetMember(int year, string country, [NotNullWhen(true)] out CouncilSeat? seat)
    {
        seat = _seats.FirstOrDefault(s => s.SitsIn(year) && string.Equals(s.Country, country, StringComparison.OrdinalIgnoreCase));
        return seat is not null;
    }

    /// <summary>
    /// Who presides in <paramref name="month"/>: the anchor's member, then, month by month, the next member in
    /// alphabetical order of the members sitting that month (the first after the previous president's name, or the
    /// first of all). Null before the anchor, or once a year's membership is not fully known.
    /// </summary>
    public CouncilSeat? PresidentIn(CouncilMonth month, IReadOnlyDictionary<CouncilMonth, string>? recorded = null)
    {
        if (month < Anchor.Month) return recorded is not null && recorded.TryGetValue(month, out var early) && TryGetMember(month.Year, early, out var seat) ? seat : null;
        if (!TryGetMember(Anchor.Month.Year, Anchor.Country, out var president)) return null;
        for (var at = Anchor.Month; at < month;)
        {
            at = at.Next();
            if (!IsKnown(at.Year)) return null;
            if (recorded is not null && recorded.TryGetValue(at, out var country) && TryGetMember(at.Year, country, out var assigned))
            {
                president = assigned;
                continue;
            }
            var members = MembersIn(at.Year);
            var previous = president.Name;
            president = members.FirstOrDefault(m => string.CompareOrdinal(m.Name, previous) > 0) ?? members[0];
        }
        return president;
    }
}
