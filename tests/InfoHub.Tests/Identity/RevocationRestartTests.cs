using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>A revocation is kept in identity's store: a hub started again on the same data still refuses the revoked token.</summary>
public sealed class RevocationRestartTests
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
}
