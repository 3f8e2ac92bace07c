using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

public sealed class DigestDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The schedule drafts the week it missed before start; in a demo hub it waits for the demo's developments first (the
    /// weekly period always covers some of them: they are 2, 5, 9 and 13 days old), instead of drafting an empty digest.
    /// </summary>
    [Fact]
    public async Task The_demo_hubs_first_scheduled_draft_and_its_demo_draft_hold_the_demo_developments()
    {
        await using var hub = new EmbeddedHub { DemoData = true };
        using var secretariat = await hub.SecretariatClientAsync();

        var drafts = await EventuallyAsync(async () =>
        {
            var page = await secretariat.GetFromJsonAsync<JsonElement>("/api/news/digests?status=draft", Ct);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            return items.Count >= 2 ? items : null;
        }, TimeSpan.FromSeconds(60), intervalMs: 250);

        Assert.NotNull(drafts);
        Assert.Equal(2, drafts.Count);
        Assert.All(drafts, d =>
        {
            var id = d.GetProperty("id").GetGuid();
            var digest = secretariat.GetFromJsonAsync<JsonElement>($"/api/news/digests/{id}", Ct).GetAwaiter().GetResult();
            Assert.Contains(digest.GetProperty("items").EnumerateArray(), i => i.GetProperty("section").GetString() == "developments");
        });
    }
}
