using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Testing;
using InfoHub.Tests.Identity;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.EndToEnd;

/// <summary>
/// A revocation reaches every process within seconds, not at the token's expiry: the gateway (which has no bus) by
/// reading identity's revocation list, every instance of every service by the SubjectTokensRevoked event on a queue of
/// its own — here the services' own reading of the list is set to once an hour, so only the event can tell them.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class RevocationTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deleted_client_s_token_is_refused_by_the_gateway_and_every_instance_of_every_service_within_seconds()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri,
            serviceEnvironment: new Dictionary<string, string> { ["Auth__RevocationPollInterval"] = "01:00:00" },
            gatewayEnvironment: new Dictionary<string, string> { ["Auth__RevocationPollInterval"] = "00:00:02" },
            instances: 2);
        var clientId = $"automation-{Guid.NewGuid():N}"[..28];
        using var created = await hub.Client.PostAsync("/api/identity/clients",
            Json(JsonSerializer.Serialize(new { clientId, displayName = "Automation to be deleted", role = "secretariat" })), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("clientSecret").GetString()!;
        using var tokens = new HttpClient { BaseAddress = hub.Gateway.BaseAddress };
        var token = await TestTokens.ClientCredentialsAsync(tokens, clientId, secret);
        var processes = new[] { hub.Gateway, hub.Identity }.Concat(hub.DirectoryInstances).Concat(hub.ContactsInstances).ToList();
        foreach (var process in processes)
        {
            using var accepted = await SendAsync(process, token, "/api/directory/organizations");
            Assert.True(accepted.StatusCode is not HttpStatusCode.Unauthorized, $"{process.Name} refused the fresh token: {(int)accepted.StatusCode}");
        }
        using var before = await SendSituationAsync(hub.Gateway, token, "before-deletion");
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        var watch = Stopwatch.StartNew();
        using var deleted = await hub.Client.DeleteAsync($"/api/identity/clients/{clientId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var late = new List<string>();
        foreach (var process in processes)
        {
            var refused = await EventuallyAsync(async () =>
            {
                using var response = await SendAsync(process, token, "/api/directory/organizations");
                return response.StatusCode == HttpStatusCode.Unauthorized
                       && response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer error=\"invalid_token\"", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(10) - watch.Elapsed, intervalMs: 100);
            if (!refused) late.Add(process.Name);
        }
        Assert.True(late.Count == 0, $"still accepted after {watch.Elapsed.TotalSeconds:0.0} s by {string.Join(", ", late)}{Environment.NewLine}{hub.Output}");
        TestContext.Current.SendDiagnosticMessage($"revocation refused by {processes.Count} processes after {watch.Elapsed.TotalSeconds:0.0} s");

        // The write a deleted client kept making before: refused at the gateway and at each directory instance.
        foreach (var process in hub.DirectoryInstances.Prepend(hub.Gateway))
        {
            using var after = await SendSituationAsync(process, token, $"after-deletion-{process.Pid}");
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
        var list = await tokens.GetFromJsonAsync<JsonElement>("/api/identity/revocations", Ct);
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("subject").GetString() == clientId);
    }

    [Fact]
    public async Task Identity_learns_the_directory_s_organizations_over_the_broker_and_invites_only_to_those_it_holds()
    {
        await using var hub = await DistributedHub.StartAsync(fixture.Broker.Uri);
        using var registered = await hub.Client.PostAsync("/api/directory/organizations",
            Json("""{"name":"Global Centre for the Responsibility to Protect","acronym":"GCR2P","country":"US"}"""), Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var organization = (await registered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // Identity hears of the registration from the directory's event, in its own process.
        HttpStatusCode status = 0;
        Assert.True(await EventuallyAsync(async () =>
        {
            using var invited = await InviteAsync(hub.Client, $"staff-{Guid.NewGuid():N}@example.org", organization);
            status = invited.StatusCode;
            return status == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(10), intervalMs: 250), $"invitation still {(int)status}{Environment.NewLine}{hub.Output}");

        using var removed = await hub.Client.DeleteAsync($"/api/directory/organizations/{organization}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.True(await EventuallyAsync(async () =>
        {
            using var invited = await InviteAsync(hub.Client, $"late-{Guid.NewGuid():N}@example.org", organization);
            return invited.StatusCode == HttpStatusCode.BadRequest
                   && (await invited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("organizationId", out _);
        }, TimeSpan.FromSeconds(10), intervalMs: 250), $"identity still invites to the removed organization{Environment.NewLine}{hub.Output}");
    }

    private static Task<HttpResponseMessage> InviteAsync(HttpClient client, string email, Guid organization) =>
        client.PostAsync("/api/identity/invitations", Json(JsonSerializer.Serialize(new { email, role = "member", organizationId = organization })), Ct);

    private static async Task<HttpResponseMessage> SendAsync(ServiceProcess process, string token, string path)
    {
        using var client = new HttpClient { BaseAddress = process.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> SendSituationAsync(ServiceProcess process, string token, string id)
    {
        using var client = new HttpClient { BaseAddress = process.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/situations")
        {
            Content = Json(JsonSerializer.Serialize(new { id, name = $"Situation {id}" })),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }
}
