using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>What identity keeps across a restart: revocations (a hub started again on the same data still refuses a revoked token), and a one-time password still to be replaced.</summary>
public sealed class IdentityRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deleted_client_s_token_stays_refused_after_a_restart()
    {
        string token, kept, dataDirectory;
        var clientId = $"restart-{Guid.NewGuid():N}"[..24];
        await using (var first = new EmbeddedHub { KeepData = true })
        {
            using var secretariat = await first.SecretariatClientAsync();
            using var created = await secretariat.PostAsync("/api/identity/clients",
                Json(JsonSerializer.Serialize(new { clientId, displayName = "Deleted before a restart" })), Ct);
            var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("clientSecret").GetString()!;
            using var anonymous = first.CreateClient();
            token = await TestTokens.ClientCredentialsAsync(anonymous, clientId, secret);
            kept = await TestTokens.ClientCredentialsAsync(anonymous, TestTokens.SecretariatClient, TestTokens.SecretariatSecret);
            using var deleted = await secretariat.DeleteAsync($"/api/identity/clients/{clientId}", Ct);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            dataDirectory = first.DataDirectory;
        }

        await using var second = new EmbeddedHub { DataDirectory = dataDirectory };
        using var client = second.CreateClient().WithToken(token);
        using var response = await client.GetAsync("/api/directory/organizations", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        // A token of the first run that was not revoked still works: the refusal is the revocation's, not a new key's.
        using var unrevoked = second.CreateClient().WithToken(kept);
        using var accounts = await unrevoked.GetAsync("/api/identity/accounts", Ct);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
    }

    [Fact]
    public async Task A_first_secretariat_still_on_its_one_time_password_from_an_earlier_version_must_replace_it_after_a_restart()
    {
        string dataDirectory;
        await using (var first = new EmbeddedHub { KeepData = true })
        {
            using var _ = first.CreateClient();
            await using var scope = first.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = await users.FindByEmailAsync("secretariat@infohub.local");
            // As an earlier version left it: the one-time password, and nothing requiring its change.
            await users.ClearPasswordChangeRequirementAsync(account!);
            Assert.False(await users.AppliesToAsync(account!));
            dataDirectory = first.DataDirectory;
        }

        await using var second = new EmbeddedHub { DataDirectory = dataDirectory };
        using var __ = second.CreateClient();
        await using var again = second.Services.CreateAsyncScope();
        var reopened = again.ServiceProvider.GetRequiredService<UserManager<Account>>();
        Assert.True(await reopened.AppliesToAsync((await reopened.FindByEmailAsync("secretariat@infohub.local"))!));
    }
}
