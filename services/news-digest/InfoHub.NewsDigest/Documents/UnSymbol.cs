using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace InfoHub.NewsDigest.Documents;

/// <summary>What a UN document symbol names, read from its series.</summary>
public enum UnSymbolKind
{
    /// <summary><c>S/RES/1674 (2006)</c></summary>
    CouncilResolution,
    /// <summary><c>S/PRST/2002/6</c></summary>
    PresidentialStatement,
    /// <summary><c>S/2002/1300</c> (from 1994), <c>S/25704</c> (before): reports, letters and drafts before the Council.</summary>
    CouncilDocument,
    /// <summary><c>A/RES/60/1</c>, <c>A/RES/ES-10/1</c></summary>
    AssemblyResolution,
    /// <summary><c>A/55/305</c></summary>
    AssemblyDocument,
    /// <summary><c>A/HRC/RES/52/1</c></summary>
    HumanRightsCouncilResolution,
    /// <summary><c>A/HRC/52/3</c></summary>
    HumanRightsCouncilDocument,
    /// <summary>One document issued under two symbols, e.g. <c>A/55/305-S/2000/809</c>; its parts are in <see cref="UnSymbol.Parts"/>.</summary>
    Joint,
}

/// <summary>
/// A UN document symbol, parsed and put in its canonical form (upper-case series, one space before a resolution's year,
/// suffixes such as <c>/Add.1</c>, <c>/Rev.2</c>, <c>/Corr.1</c> kept in their usual case). Only the series the hub
/// follows are accepted (the Security Council, the General Assembly, the Human Rights Council); anything else is
/// refused with the reason, so a typing slip is caught where it is made.
/// </summary>
public sealed partial record UnSymbol
{
    /// <summary>The first year of the Security Council (S/RES/1 (1946)), and of the UN's document series.</summary>
    public const int FirstYear = 1946;

    /// <summary>From 1994 the Council's documents carry their year: <c>S/1994/1</c>; before, a running number: <c>S/25704</c>.</summary>
    public const int FirstYearInCouncilDocuments = 1994;

    private UnSymbol(UnSymbolKind kind, string canonical, int? number, int? year, IReadOnlyList<UnSymbol> parts)
    {
        Kind = kind;
        Canonical = canonical;
        Number = number;
        Year = year;
        Parts = parts;
    }

    public UnSymbolKind Kind { get; }

    /// <summary>The symbol as the UN writes it: <c>S/RES/1674 (2006)</c>.</summary>
    public string Canonical { get; }

    /// <summary>The document's number in its series (a resolution's number, a statement's or report's number), when the series numbers them.</summary>
    public int? Number { get; }

    /// <summary>The year the symbol names, when it names one (Council resolutions, presidential statements, Council documents from 1994).</summary>
    public int? Year { get; }

    /// <summary>For a joint symbol, each part; otherwise empty.</summary>
    public IReadOnlyList<UnSymbol> Parts { get; }

    public bool IsResolution => Kind is UnSymbolKind.CouncilResolution or UnSymbolKind.AssemblyResolution or UnSymbolKind.HumanRightsCouncilResolution;

    public override string ToString() => Canonical;

    public static bool TryParse(string? text, [NotNullWhen(true)] out UnSymbol? symbol, out string? error) =>
        TryParse(text, DateTime.UtcNow.Year, out symbol, out error);

    /// <param name="currentYear">Years after it are refused (a symbol cannot name a year that has not begun).</param>
    public static bool TryParse(string? text, int currentYear, [NotNullWhen(true)] out UnSymbol? symbol, out string? error)
    {
        symbol = null;
        var trimmed = Spaces().Replace(text?.Trim() ?? "", " ");
        if (trimmed.Length == 0)
        {
            error = "A UN document symbol is required, e.g. S/RES/1674 (2006) or S/2026/123.";
            return false;
        }
        if (trimmed.Length > 80)
        {
            error = "A UN document symbol has at most 80 characters.";
            return false;
        }

        // A joint symbol: two documents in one, each part a symbol of its own (A/55/305-S/2000/809).
        var joint = JointSeparator().Split(trimmed);
        if (joint.Length > 1)
        {
            var parts = new List<UnSymbol>();
            foreach (var part in joint)
            {
                if (!TryParseOne(part, currentYear, out var one, out error)) return false;
                if (one.IsResolution)
                {
                    error = $"'{one.Canonical}' is a resolution; resolutions are not issued under joint symbols.";
                    return false;
                }
                parts.Add(one);
            }
            symbol = new UnSymbol(UnSymbolKind.Joint, string.Join('-', parts.Select(p => p.Canonical)), null, null, parts);
            error = null;
            return true;
        }
        return TryParseOne(trimmed, currentYear, out symbol, out error);
    }

    private static bool TryParseOne(string text, int currentYear, [NotNullWhen(true)] out UnSymbol? symbol, out string? error)
    {
        symbol = null;
        var (body, suffixes) = SplitSuffixes(text);
        if (suffixes is null)
        {
            error = $"'{text}' has a suffix that is not one of /Add.N, /Rev.N, /Corr.N, /Amend.N.";
            return false;
        }

        if (CouncilResolution().Match(body) is { Success: true } res)
        {
            var number = Int(res.Groups["number"].Value);
            var year = Int(res.Groups["year"].Value);
            if (!YearIsPossible(year, currentYear, out error, text)) return false;
            if (number < 1)
            {
                error = $"'{text}': resolution numbers start at 1.";
                return false;
            }
            if (suffixes.Length > 0)
            {
                error = $"'{text}': an adopted resolution has no /Add, /Rev or /Corr suffix; a corrected draft does (S/2026/123/Rev.1).";
                return false;
            }
            symbol = new UnSymbol(UnSymbolKind.CouncilResolution, Invariant($"S/RES/{number} ({year})"), number, year, []);
            return true;
        }
        if (PresidentialStatement().Match(body) is { Success: true } prst)
        {
            var year = Int(prst.Groups["year"].Value);
            var number = Int(prst.Groups["number"].Value);
            if (!YearIsPossible(year, currentYear, out error, text) || !Positive(number, text, out error)) return false;
            symbol = new UnSymbol(UnSymbolKind.PresidentialStatement, Invariant($"S/PRST/{year}/{number}") + suffixes, number, year, []);
            return true;
        }
        if (CouncilDocument().Match(body) is { Success: true } doc)
        {
            var year = Int(doc.Groups["year"].Value);
            var number = Int(doc.Groups["number"].Value);
            if (year < FirstYearInCouncilDocuments)
            {
                error = $"'{text}': the Council's documents carry their year only from {FirstYearInCouncilDocuments} (S/1994/1); before, they were numbered S/25704.";
                return false;
            }
            if (!YearIsPossible(year, currentYear, out error, text) || !Positive(number, text, out error)) return false;
            symbol = new UnSymbol(UnSymbolKind.CouncilDocument, Invariant($"S/{year}/{number}") + suffixes, number, year, []);
            return true;
        }
        if (OldCouncilDocument().Match(body) is { Success: true } old)
        {
            var number = Int(old.Groups["number"].Value);
            if (!Positive(number, text, out error)) return false;
            symbol = new UnSymbol(UnSymbolKind.CouncilDocument, Invariant($"S/{number}") + suffixes, number, null, []);
            return true;
        }
        if (AssemblyResolution().Match(body) is { Success: true } ares)
        {
            var session = ares.Groups["session"].Value.ToUpperInvariant();
            var number = Int(ares.Groups["number"].Value);
            if (!Positive(number, text, out error) || !SessionIsPossible(session, text, out error)) return false;
            if (suffixes.Length > 0)
            {
                error = $"'{text}': an adopted resolution has no /Add, /Rev or /Corr suffix.";
                return false;
            }
            symbol = new UnSymbol(UnSymbolKind.AssemblyResolution, $"A/RES/{session}/{number.ToString(CultureInfo.InvariantCulture)}", number, null, []);
            return true;
        }
        if (HumanRightsCouncil().Match(body) is { Success: true } hrc)
        {
            var session = Int(hrc.Groups["session"].Value);
            var number = Int(hrc.Groups["number"].Value);
            if (!Positive(number, text, out error) || !Positive(session, text, out error)) return false;
            var isResolution = hrc.Groups["res"].Success;
            if (isResolution && suffixes.Length > 0)
            {
                error = $"'{text}': an adopted resolution has no /Add, /Rev or /Corr suffix.";
                return false;
            }
            symbol = new UnSymbol(isResolution ? UnSymbolKind.HumanRightsCouncilResolution : UnSymbolKind.HumanRightsCouncilDocument,
                Invariant($"A/HRC/{(isResolution ? "RES/" : "")}{session}/{number}") + suffixes, number, null, []);
            return true;
        }
        if (AssemblyDocument().Match(body) is { Success: true } adoc)
        {
            var session = Int(adoc.Groups["session"].Value);
            var number = Int(adoc.Groups["number"].Value);
            if (!Positive(number, text, out error) || !Positive(session, text, out error)) return false;
            symbol = new UnSymbol(UnSymbolKind.AssemblyDocument, Invariant($"A/{session}/{number}") + suffixes, number, null, []);
            return true;
        }

        error = $"'{text}' is not a UN document symbol the hub knows: expected e.g. S/RES/1674 (2006), S/PRST/2002/6, S/2002/1300, " +
                "A/RES/60/1, A/55/305, A/HRC/RES/52/1, or a joint symbol such as A/55/305-S/2000/809.";
        return false;
    }

    /// <summary>Splits off /Add.1, /Rev.2, /Corr.1, /Amend.1 (any number, in any order); null when the tail looks like a suffix but is not one.</summary>
    private static (string Body, string? Suffixes) SplitSuffixes(string text)
    {
        var body = text;
        var suffixes = new List<string>();
        while (Suffix().Match(body) is { Success: true } suffix)
        {
            var name = suffix.Groups["name"].Value.ToLowerInvariant();
            suffixes.Insert(0, $"/{char.ToUpperInvariant(name[0])}{name[1..]}.{Int(suffix.Groups["number"].Value)}");
            body = body[..suffix.Index];
        }
        if (LooksLikeSuffix().IsMatch(body)) return (body, null);
        return (body.ToUpperInvariant(), string.Concat(suffixes));
    }

    private static bool YearIsPossible(int year, int currentYear, out string? error, string text)
    {
        error = year < FirstYear ? $"'{text}': the UN's documents begin in {FirstYear}."
            : year > currentYear ? $"'{text}' names {year}, a year that has not begun."
            : null;
        return error is null;
    }

    private static bool SessionIsPossible(string session, string text, out string? error)
    {
        // A regular session (1 from 1946), a special session (S-1…) or an emergency special session (ES-1…).
        var digits = session.StartsWith("ES-", StringComparison.Ordinal) ? session[3..] : session.StartsWith("S-", StringComparison.Ordinal) ? session[2..] : session;
        return Positive(Int(digits), text, out error);
    }

    private static bool Positive(int value, string text, out string? error)
    {
        error = value >= 1 ? null : $"'{text}': numbers in UN symbols start at 1.";
        return error is null;
    }

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A hyphen between two symbols, each starting with a series letter (not the hyphen of ES-10).</summary>
    [GeneratedRegex(@"\s*-\s*(?=[AS]/)", RegexOptions.IgnoreCase)]
    private static partial Regex JointSeparator();

    [GeneratedRegex(@"/(?<name>Add|Rev|Corr|Amend)\.(?<number>\d{1,3})$", RegexOptions.IgnoreCase)]
    private static partial Regex Suffix();

    [GeneratedRegex(@"/(Add|Rev|Corr|Amend)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeSuffix();

    [GeneratedRegex(@"^S/RES/(?<number>\d{1,4}) ?\((?<year>\d{4})\)$", RegexOptions.IgnoreCase)]
    private static partial Regex CouncilResolution();

    [GeneratedRegex(@"^S/PRST/(?<year>\d{4})/(?<number>\d{1,3})$", RegexOptions.IgnoreCase)]
    private static partial Regex PresidentialStatement();

    [GeneratedRegex(@"^S/(?<year>\d{4})/(?<number>\d{1,4})$", RegexOptions.IgnoreCase)]
    private static partial Regex CouncilDocument();

    [GeneratedRegex(@"^S/(?<number>\d{1,5})$", RegexOptions.IgnoreCase)]
    private static partial Regex OldCouncilDocument();

    [GeneratedRegex(@"^A/RES/(?<session>(ES-|S-)?\d{1,3})/(?<number>\d{1,4})$", RegexOptions.IgnoreCase)]
    private static partial Regex AssemblyResolution();

    [GeneratedRegex(@"^A/HRC/(?<res>RES/)?(?<session>\d{1,3})/(?<number>\d{1,4})$", RegexOptions.IgnoreCase)]
    private static partial Regex HumanRightsCouncil();

    [GeneratedRegex(@"^A/(?<session>\d{1,3})/(?<number>\d{1,4})$", RegexOptions.IgnoreCase)]
    private static partial Regex AssemblyDocument();
}
