using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Platform.Outbox;
using InfoHub.Platform.Storage;
using InfoHub.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Platform;

public sealed class OutboxAdminTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_sees_a_parked_message_with_its_reason_and_can_retry_it()
    {
        using var client = await hub.SecretariatClientAsync();
        var store = hub.Services.GetRequiredKeyedService<IDocumentStore>("directory");
        var poison = new OutboxMessage(Guid.NewGuid(), "InfoHub.Contracts.Directory.RetiredEvent, InfoHub.Contracts", "{}", DateTimeOffset.UtcNow);
        await store.SaveAsync(new DocumentChange("probes", Guid.NewGuid().ToString(), 1, "{}", DateTimeOffset.UtcNow), [poison], Ct);

        var status = await EventuallyAsync(async () =>
        {
            var s = await client.GetFromJsonAsync<JsonElement>("/admin/outbox/directory", Ct);
            return s.GetProperty("parkedMessages").EnumerateArray().Any(p => p.GetProperty("id").GetGuid() == poison.Id) ? Tuple.Create(s) : null;
        }, TimeSpan.FromSeconds(10));

        Assert.NotNull(status);
        var parked = status.Item1.GetProperty("parkedMessages").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == poison.Id);
        Assert.Contains("Unknown message type", parked.GetProperty("reason").GetString());
        using var retried = await client.PostAsync($"/admin/outbox/directory/parked/retry?id={poison.Id}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<UnparkResult>(Ct))!.Retried);
    }

    [Fact]
    public async Task An_unknown_service_is_a_404_naming_the_field()
    {
        using var client = await hub.SecretariatClientAsync();

        using var response = await client.GetAsync("/admin/outbox/nonesuch", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("service", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
    }
}
