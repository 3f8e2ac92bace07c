using System.Globalization;
using InfoHub.NewsDigest.Programme;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The programme is written in New York time; the hub stores the instant and refuses times New York never shows once.</summary>
public sealed class NewYorkTimeTests
{
    [Theory]
    [InlineData("2026-03-06T10:00", "2026-03-06T15:00:00Z")] // Friday before the change: EST, UTC-5
    [InlineData("2026-03-09T10:00", "2026-03-09T14:00:00Z")] // Monday after it: EDT, UTC-4
    [InlineData("2026-11-02T10:00:00", "2026-11-02T15:00:00Z")]
    [InlineData("2026-11-01T01:30-04:00", "2026-11-01T05:30:00Z")] // the repeated hour, made unambiguous by its offset
    [InlineData("2026-12-03T15:00Z", "2026-12-03T15:00:00Z")]
    public void A_New_York_time_or_an_instant_with_its_offset_is_read_as_the_instant(string text, string utc)
    {
        Assert.True(NewYorkTime.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData("2026-03-08T02:30", "skip")]
    [InlineData("2026-11-01T01:30", "twice")]
    [InlineData("2026-12-03 10:00", "not a date")]
    [InlineData("", "not a date")]
    public void A_time_New_York_skips_or_repeats_or_that_is_no_time_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(NewYorkTime.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_local_time_is_served_with_New_Yorks_offset_of_the_day()
    {
        var winter = NewYorkTime.ToLocal(DateTimeOffset.Parse("2026-03-06T15:00:00Z", CultureInfo.InvariantCulture));
        var summer = NewYorkTime.ToLocal(DateTimeOffset.Parse("2026-03-09T14:00:00Z", CultureInfo.InvariantCulture));

        Assert.Equal((10, TimeSpan.FromHours(-5)), (winter.Hour, winter.Offset));
        Assert.Equal((10, TimeSpan.FromHours(-4)), (summer.Hour, summer.Offset));
        Assert.Equal("2027-01", NewYorkTime.MonthOf(DateTimeOffset.Parse("2027-01-01T05:00:00Z", CultureInfo.InvariantCulture)).ToString());
        Assert.Equal("2026-12", NewYorkTime.MonthOf(DateTimeOffset.Parse("2027-01-01T04:59:00Z", CultureInfo.InvariantCulture)).ToString());
    }
}
