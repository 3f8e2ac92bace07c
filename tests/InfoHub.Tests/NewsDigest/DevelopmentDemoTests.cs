using System.Net.Http.Json;
using System.Text.Json;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

public sealed class DevelopmentDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_hub_has_recent_developments_on_the_demo_situations_marked_as_demo_data()
    {
        await using var hub = new EmbeddedHub { DemoData = true };
        using var anonymous = hub.CreateClient();

        Assert.True(await EventuallyAsync(async () =>
            (await anonymous.GetFromJsonAsync<JsonElement>("/api/news/developments?limit=1", Ct)).GetProperty("total").GetInt32() >= 8, TimeSpan.FromSeconds(30)));
        var items = (await anonymous.GetFromJsonAsync<JsonElement>("/api/news/developments?limit=20", Ct)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, d => Assert.True(d.GetProperty("demo").GetBoolean() && d.GetProperty("summary").GetString()!.StartsWith("[Demo data]", StringComparison.Ordinal)));
        var dates = items.Select(d => DateOnly.Parse(d.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
        Assert.True(DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - dates[^1].DayNumber <= 60, "the demo developments are recent");
        Assert.Contains(items, d => d.GetProperty("translations").TryGetProperty("fr", out _));
        Assert.Contains(items, d => d.GetProperty("situations").EnumerateArray().Any(s => s.GetString() == "darfur"));
    }
}
