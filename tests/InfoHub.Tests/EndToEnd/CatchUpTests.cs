using System.Net;
using System.Text.Json;
using InfoHub.Platform.CatchUp;
using InfoHub.Platform.Storage;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>Contacts keeps its copy of the directory complete by itself: on a first start, for new event types, after lost events.</summary>
public sealed class CatchUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IDocumentStore ContactsStore(EmbeddedHub hub) => hub.Services.GetRequiredKeyedService<IDocumentStore>("contacts");

    [Fact]
    public async Task Contacts_records_the_directory_events_it_caught_up_on_once_its_first_snapshot_completes()
    {
        await using var hub = new EmbeddedHub();
        _ = hub.Services;
        var catchUp = hub.Services.GetRequiredKeyedService<DirectoryCatchUp>("contacts");

        Assert.True(await EventuallyAsync(async () => (await catchUp.CaughtUpTypesAsync(Ct)).SequenceEqual(catchUp.ConsumedTypes), TimeSpan.FromSeconds(15)));
        Assert.Superset(new HashSet<string> { "OrganizationRegistered", "OrganizationUpdated", "OrganizationRemoved" }, catchUp.ConsumedTypes.ToHashSet());
    }

    [Fact]
    public async Task Consuming_a_directory_event_not_caught_up_on_before_brings_a_snapshot_that_records_it()
    {
        await using var hub = new EmbeddedHub();
        var catchUp = hub.Services.GetRequiredKeyedService<DirectoryCatchUp>("contacts");
        Assert.True(await EventuallyAsync(async () => (await catchUp.CaughtUpTypesAsync(Ct)).Count > 0, TimeSpan.FromSeconds(15)));
        // As a copy kept by an older contacts that did not consume OrganizationRemoved yet.
        var store = ContactsStore(hub);
        var manifest = (await store.GetAsync(DirectoryCatchUp.ManifestCollection, "directory", Ct))!;
        var older = JsonSerializer.Serialize(new { types = catchUp.ConsumedTypes.Where(t => t != "OrganizationRemoved"), requestId = Guid.NewGuid(), completedAt = DateTimeOffset.UtcNow }, JsonSerializerOptions.Web);
        await store.SaveAsync(new DocumentChange(DirectoryCatchUp.ManifestCollection, "directory", manifest.Version + 1, older, DateTimeOffset.UtcNow), [], Ct);
        Assert.DoesNotContain("OrganizationRemoved", await catchUp.CaughtUpTypesAsync(Ct));

        await catchUp.CheckAsync(Ct);

        Assert.True(await EventuallyAsync(async () => (await catchUp.CaughtUpTypesAsync(Ct)).Contains("OrganizationRemoved"), TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_contacts_store_lost_while_the_directory_grew_is_rebuilt_from_a_snapshot_published_a_page_at_a_time()
    {
        var data = System.IO.Directory.CreateTempSubdirectory("infohub-catch-up-").FullName;
        const int Count = 450; // more than two snapshot pages of 200
        var ids = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToList();
        await using (var first = new EmbeddedHub { DataDirectory = data, KeepData = true })
        {
            using var secretariat = await first.SecretariatClientAsync();
            var organizations = ids.Select((id, i) => new { id = id.ToString(), name = $"Catch-up Organization {i:D3}", country = "GH" });
            using var response = await secretariat.PostAsync("/api/directory/imports", Json(JsonSerializer.Serialize(new { organizations })), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        foreach (var file in System.IO.Directory.GetFiles(data, "contacts.db*")) File.Delete(file);

        await using var second = new EmbeddedHub { DataDirectory = data };
        _ = second.Services;

        Assert.True(await EventuallyAsync(async () => (await ContactsStore(second).SummarizeAsync("organizations", Ct)).Count == Count, TimeSpan.FromSeconds(30)),
            $"contacts holds {(await ContactsStore(second).SummarizeAsync("organizations", Ct)).Count} of {Count}");
        Assert.NotNull(await ContactsStore(second).GetAsync("organizations", ids[^1].ToString(), Ct));
    }
}
