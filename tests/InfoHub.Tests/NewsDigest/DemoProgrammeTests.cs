using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.NewsDigest.Programme;

namespace InfoHub.Tests.NewsDigest;

/// <summary>The embedded default's demo programme: a plausible two months of Council work, marked as demo, seeded once.</summary>
public sealed class DemoProgrammeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> MeetingsAsync(EmbeddedHub hub)
    {
        using var client = hub.CreateClient();
        var month = NewYorkTime.MonthOf(DateTimeOffset.UtcNow);
        var meetings = new List<JsonElement>();
        foreach (var m in new[] { month, month.Next() })
            meetings.AddRange((await client.GetFromJsonAsync<JsonElement>($"/api/news/programme/months/{m}", Ct)).GetProperty("meetings").EnumerateArray());
        return meetings;
    }

    [Fact]
    public async Task The_demo_programme_fills_this_month_and_the_next_with_marked_meetings_and_is_seeded_once()
    {
        var data = System.IO.Directory.CreateTempSubdirectory("infohub-demo-programme-").FullName;
        List<JsonElement> seeded;
        await using (var first = new EmbeddedHub { DemoData = true, DataDirectory = data, KeepData = true }) seeded = await MeetingsAsync(first);
        await using var second = new EmbeddedHub { DemoData = true, DataDirectory = data };
        var again = await MeetingsAsync(second);

        Assert.InRange(seeded.Count, 10, 16);
        Assert.Equal(seeded.Count, again.Count);
        Assert.All(seeded, m =>
        {
            Assert.True(m.GetProperty("demo").GetBoolean());
            Assert.StartsWith("[Demo data]", m.GetProperty("note").GetString());
            Assert.Contains(m.GetProperty("startsAtLocal").GetDateTimeOffset().Hour, new[] { 10, 15 });
        });
        Assert.Single(seeded, m => m.GetProperty("format").GetString() == "arria-formula");
        string? Text(JsonElement meeting, string name) => meeting.TryGetProperty(name, out var value) ? value.GetString() : null;
        Assert.Contains(seeded, m => Text(m, "situationId") == "darfur");
        Assert.Contains(seeded, m => Text(m, "thematicItem") == "Protection of civilians in armed conflict");
    }
}
