using InfoHub.NewsDigest.Documents;

namespace InfoHub.Tests.NewsDigest;

public sealed class UnSymbolTests
{
    private const int ThisYear = 2026;

    [Theory]
    [InlineData("S/RES/1674 (2006)", "S/RES/1674 (2006)", UnSymbolKind.CouncilResolution, 1674, 2006)]
    [InlineData("s/res/1674(2006)", "S/RES/1674 (2006)", UnSymbolKind.CouncilResolution, 1674, 2006)]
    [InlineData("  S/RES/1325   (2000) ", "S/RES/1325 (2000)", UnSymbolKind.CouncilResolution, 1325, 2000)]
    [InlineData("S/PRST/2002/6", "S/PRST/2002/6", UnSymbolKind.PresidentialStatement, 6, 2002)]
    [InlineData("S/2002/1300", "S/2002/1300", UnSymbolKind.CouncilDocument, 1300, 2002)]
    [InlineData("S/2026/123", "S/2026/123", UnSymbolKind.CouncilDocument, 123, 2026)]
    [InlineData("S/2026/123/rev.1", "S/2026/123/Rev.1", UnSymbolKind.CouncilDocument, 123, 2026)]
    [InlineData("S/1999/957/Add.1/Corr.2", "S/1999/957/Add.1/Corr.2", UnSymbolKind.CouncilDocument, 957, 1999)]
    [InlineData("S/25704", "S/25704", UnSymbolKind.CouncilDocument, 25704, null)]
    [InlineData("A/RES/60/1", "A/RES/60/1", UnSymbolKind.AssemblyResolution, 1, null)]
    [InlineData("A/RES/ES-10/1", "A/RES/ES-10/1", UnSymbolKind.AssemblyResolution, 1, null)]
    [InlineData("A/55/305", "A/55/305", UnSymbolKind.AssemblyDocument, 305, null)]
    [InlineData("A/HRC/RES/52/1", "A/HRC/RES/52/1", UnSymbolKind.HumanRightsCouncilResolution, 1, null)]
    [InlineData("a/hrc/52/3", "A/HRC/52/3", UnSymbolKind.HumanRightsCouncilDocument, 3, null)]
    public void A_valid_symbol_is_read_and_written_the_way_the_UN_writes_it(string text, string canonical, UnSymbolKind kind, int number, int? year)
    {
        Assert.True(UnSymbol.TryParse(text, ThisYear, out var symbol, out var error), error);

        Assert.Equal(canonical, symbol.Canonical);
        Assert.Equal(kind, symbol.Kind);
        Assert.Equal(number, symbol.Number);
        Assert.Equal(year, symbol.Year);
    }

    [Fact]
    public void A_joint_symbol_keeps_both_documents()
    {
        Assert.True(UnSymbol.TryParse("A/55/305 - S/2000/809", ThisYear, out var symbol, out var error), error);

        Assert.Equal(UnSymbolKind.Joint, symbol.Kind);
        Assert.Equal("A/55/305-S/2000/809", symbol.Canonical);
        Assert.Equal([UnSymbolKind.AssemblyDocument, UnSymbolKind.CouncilDocument], symbol.Parts.Select(p => p.Kind));
        Assert.Equal(2000, symbol.Parts[1].Year);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("S/RES/1674", "not a UN document symbol")]
    [InlineData("S/RES/1674 (1945)", "begin in 1946")]
    [InlineData("S/RES/9000 (2031)", "has not begun")]
    [InlineData("S/RES/0 (2006)", "start at 1")]
    [InlineData("S/RES/1674 (2006)/Rev.1", "no /Add, /Rev or /Corr")]
    [InlineData("S/1990/12", "only from 1994")]
    [InlineData("S/2026/0", "start at 1")]
    [InlineData("S/2026/123/Rev", "suffix")]
    [InlineData("S/2026/123/Rev.x", "suffix")]
    [InlineData("E/2026/1", "not a UN document symbol")]
    [InlineData("UNSC 1674", "not a UN document symbol")]
    [InlineData("A/RES/60/1-S/RES/1674 (2006)", "not issued under joint symbols")]
    [InlineData("A/55/305-X/1", "not a UN document symbol")]
    public void An_invalid_symbol_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(UnSymbol.TryParse(text, ThisYear, out var symbol, out var error));

        Assert.Null(symbol);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_symbol_the_network_distributed_is_read()
    {
        // The documents named in the network's consultation records (shared/docs/domain.md).
        string[] distributed =
        [
            "S/1999/957", "S/2001/331", "S/2002/1300", "S/RES/1261 (1999)", "S/RES/1265 (1999)", "S/RES/1296 (2000)", "S/RES/1325 (2000)",
            "S/RES/1327 (2000)", "S/RES/1366 (2001)", "S/RES/1379 (2001)", "S/RES/1460 (2003)", "S/PRST/2002/6", "A/55/305-S/2000/809",
            "S/RES/1674 (2006)", "A/RES/60/1",
        ];

        Assert.All(distributed, text =>
        {
            Assert.True(UnSymbol.TryParse(text, ThisYear, out var symbol, out var error), error);
            Assert.Equal(text, symbol.Canonical);
        });
    }
}
