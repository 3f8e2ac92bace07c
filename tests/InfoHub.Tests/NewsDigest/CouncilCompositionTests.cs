using InfoHub.NewsDigest.Council;

namespace InfoHub.Tests.NewsDigest;

public sealed class CouncilCompositionTests
{
    private static CouncilComposition Council => CouncilSeed.Composition;

    [Theory]
    [InlineData(2025, "Algeria, China, Denmark, France, Greece, Guyana, Pakistan, Panama, Republic of Korea, Russian Federation, Sierra Leone, Slovenia, Somalia, United Kingdom, United States")]
    [InlineData(2026, "Bahrain, China, Colombia, Democratic Republic of the Congo, Denmark, France, Greece, Latvia, Liberia, Pakistan, Panama, Russian Federation, Somalia, United Kingdom, United States")]
    public void The_seed_holds_the_fifteen_members_of_each_recent_year(int year, string members)
    {
        Assert.True(Council.IsKnown(year));
        Assert.Equal(members, string.Join(", ", Council.MembersIn(year).Select(m => m.Name)));
        Assert.Equal(["CN", "FR", "GB", "RU", "US"], Council.MembersIn(year).Where(m => m.Permanent).Select(m => m.Country).Order());
    }

    [Fact]
    public void The_seed_says_where_its_facts_come_from()
    {
        Assert.Contains("securitycouncil", CouncilSeed.Source);
    }

    [Theory]
    [InlineData(2025, "Algeria, China, Denmark, France, Greece, Guyana, Pakistan, Panama, Republic of Korea, Russian Federation, Sierra Leone, Slovenia")]
    [InlineData(2026, "Somalia, United Kingdom, United States, Bahrain, China, Colombia, Democratic Republic of the Congo, Denmark, France, Greece, Latvia, Liberia")]
    public void The_presidency_rotates_in_English_alphabetical_order_across_years(int year, string presidents)
    {
        // The months as the UN recorded them (shared/docs/domain.md), derived here from the rule and December 2024 alone.
        var derived = Enumerable.Range(1, 12).Select(month => Council.PresidentIn(new CouncilMonth(year, month))?.Name);

        Assert.Equal(presidents, string.Join(", ", derived));
    }

    [Fact]
    public void The_presidency_is_unknown_before_the_recorded_month_and_once_a_year_is_not_fully_known()
    {
        Assert.Equal("United States", Council.PresidentIn(new CouncilMonth(2024, 12))?.Name);
        Assert.Null(Council.PresidentIn(new CouncilMonth(2024, 11)));
        // 2027's elected members are only half known (those elected in 2025).
        Assert.False(Council.IsKnown(2027));
        Assert.Null(Council.PresidentIn(new CouncilMonth(2027, 1)));
    }

    [Fact]
    public void A_recorded_swap_changes_that_month_and_the_rotation_continues_from_it()
    {
        // Suppose Latvia and Liberia swapped November and December 2026.
        var recorded = new Dictionary<CouncilMonth, string> { [new(2026, 11)] = "LR", [new(2026, 12)] = "LV" };

        Assert.Equal("Liberia", Council.PresidentIn(new CouncilMonth(2026, 11), recorded)?.Name);
        Assert.Equal("Latvia", Council.PresidentIn(new CouncilMonth(2026, 12), recorded)?.Name);
        Assert.Equal("Greece", Council.PresidentIn(new CouncilMonth(2026, 10), recorded)?.Name);
    }

    [Fact]
    public void A_composition_with_a_member_seated_twice_or_a_term_that_is_not_two_years_is_refused()
    {
        var anchor = new PresidencyRecord(new CouncilMonth(2024, 12), "US");
        Assert.Throws<ArgumentException>(() => new CouncilComposition(
            [new("US", "United States", true), new("US", "United States", false, 2025, 2026)], anchor));
        Assert.Throws<ArgumentException>(() => new CouncilComposition([new("DK", "Denmark", false, 2025, 2027)], anchor));
    }

    [Theory]
    [InlineData("2026-03", true, 2026, 3)]
    [InlineData("2026-13", false, 0, 0)]
    [InlineData("2026-3", false, 0, 0)]
    [InlineData("1900-01", false, 0, 0)]
    [InlineData("march", false, 0, 0)]
    public void A_month_is_read_as_year_dash_month(string text, bool valid, int year, int month)
    {
        Assert.Equal(valid, CouncilMonth.TryParse(text, out var parsed));
        if (valid) Assert.Equal(new CouncilMonth(year, month), parsed);
    }
}
