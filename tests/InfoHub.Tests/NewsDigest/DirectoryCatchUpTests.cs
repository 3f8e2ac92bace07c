using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Contracts.Directory;
using InfoHub.NewsDigest.NetworkNews;
using InfoHub.Platform.CatchUp;
using InfoHub.Tests.Directory;
using InfoHub.Tests.Identity;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.NewsDigest;

/// <summary>
/// A news-digest service that starts without the directory's past (a new deployment, a lost store) catches up on it:
/// the situations developments, meetings and resolutions may name, and the network's organizations, dated when they joined.
/// </summary>
public sealed class DirectoryCatchUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_news_digest_store_lost_while_the_directory_held_situations_and_organizations_is_rebuilt_from_a_snapshot()
    {
        var data = System.IO.Directory.CreateTempSubdirectory("infohub-news-catch-up-").FullName;
        Guid organization;
        DateTimeOffset registeredAt;
        await using (var first = new EmbeddedHub { DataDirectory = data, KeepData = true })
        {
            using var secretariat = await first.SecretariatClientAsync();
            await secretariat.DefineSituationAsync("catch-up-land", "Catch-up Land", "SD");
            var registered = await secretariat.PostCreatedAsync(DirectoryApi.Organizations, new { name = "Catch-up Coalition", country = "GH" });
            organization = registered.GetProperty("id").GetGuid();
            registeredAt = registered.GetProperty("createdAt").GetDateTimeOffset();
            // Renamed later, so the snapshot's event is dated after the registration.
            using var rename = new HttpRequestMessage(HttpMethod.Put, $"{DirectoryApi.Organizations}/{organization}")
            {
                Content = Json(JsonSerializer.Serialize(new { name = "Catch-up Coalition (renamed)", country = "GH" })),
            };
            rename.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            using var renamed = await secretariat.SendAsync(rename, Ct);
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }
        foreach (var file in System.IO.Directory.GetFiles(data, "news-digest.db*")) File.Delete(file);

        await using var second = new EmbeddedHub { DataDirectory = data };
        using var client = second.CreateClient();
        Assert.True(await EventuallyAsync(async () =>
            (await client.GetFromJsonAsync<JsonElement>("/api/news/situations", Ct)).EnumerateArray().Any(s => s.GetProperty("id").GetString() == "catch-up-land"),
            TimeSpan.FromSeconds(30)), "the news service did not learn the directory's situations");

        var news = second.Services.GetRequiredService<NetworkNewsStore>();
        var day = DateOnly.FromDateTime(registeredAt.UtcDateTime);
        var joined = await EventuallyAsync(async () => (await news.BetweenAsync(day, day, Ct)).SingleOrDefault(i => i.Id == organization), TimeSpan.FromSeconds(30));
        Assert.NotNull(joined);
        Assert.Equal(registeredAt, joined.OccurredAt);
        Assert.Equal("Catch-up Coalition (renamed)", (await news.OrganizationAsync(organization, Ct))?.Name);
        var catchUp = second.Services.GetRequiredKeyedService<DirectoryCatchUp>("news-digest");
        Assert.True(await EventuallyAsync(async () => (await catchUp.CaughtUpTypesAsync(Ct)).SequenceEqual(catchUp.ConsumedTypes), TimeSpan.FromSeconds(15)));
        Assert.Superset(new HashSet<string> { "SituationDefined", "SituationUpdated", "OrganizationRegistered", "OrganizationUpdated" }, catchUp.ConsumedTypes.ToHashSet());
    }

    [Fact]
    public async Task An_organization_first_learned_from_an_update_is_news_of_the_day_it_joined_not_of_today()
    {
        await using var hub = new EmbeddedHub();
        var bus = hub.Services.GetRequiredService<IBus>();
        var news = hub.Services.GetRequiredService<NetworkNewsStore>();
        var id = Guid.NewGuid();
        var joinedAt = DateTimeOffset.UtcNow.AddYears(-2);
        OrganizationUpdated Update(long version) => new()
        {
            EventId = Guid.NewGuid(), OrganizationId = id, Version = version, OccurredAt = DateTimeOffset.UtcNow, RegisteredAt = joinedAt,
            Name = $"Long-standing Member v{version}", Country = "KE",
        };

        var day = DateOnly.FromDateTime(joinedAt.UtcDateTime);
        await bus.Publish(Update(3), Ct);
        Assert.NotNull(await EventuallyAsync(async () => (await news.BetweenAsync(day, day, Ct)).SingleOrDefault(i => i.Id == id), TimeSpan.FromSeconds(10)));
        await bus.Publish(Update(4), Ct);

        Assert.NotNull(await EventuallyAsync(async () => (await news.OrganizationAsync(id, Ct))?.Version == 4 ? "named" : null, TimeSpan.FromSeconds(10)));
        var item = Assert.Single(await news.BetweenAsync(day, day, Ct), i => i.Id == id);
        Assert.Equal(joinedAt, item.OccurredAt);
        Assert.Equal("Long-standing Member v3", item.Text); // the first word of it; a later update is not news again
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.DoesNotContain(await news.BetweenAsync(today.AddDays(-7), today, Ct), i => i.Id == id);
    }
}
