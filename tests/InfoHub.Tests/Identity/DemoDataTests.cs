using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Directory.DemoData;
using InfoHub.Testing;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>What a newcomer gets from the embedded host's demo data.</summary>
public sealed class DemoDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Demo_organizations_have_the_same_ids_everywhere()
    {
        // The embedded host's appsettings.json names this id for its demo member.
        Assert.Equal(Guid.Parse("70398e4d-5b4f-5a43-b838-6871a9969ad3"), DemoOrganizations.IdOf("Amnesty International"));
        Assert.NotEqual(DemoOrganizations.IdOf("Amnesty International"), DemoOrganizations.IdOf("Human Rights Watch"));
    }

    [Fact]
    public async Task The_demo_member_signs_in_and_may_edit_their_own_organization_only()
    {
        await using var hub = new EmbeddedHub { DemoData = true };
        using var anonymous = hub.CreateClient();
        var amnesty = DemoOrganizations.IdOf("Amnesty International");
        var hrw = DemoOrganizations.IdOf("Human Rights Watch");
        Assert.Equal("Amnesty International", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/organizations/{amnesty}", Ct)).GetProperty("name").GetString());

        using var member = hub.CreateClient().WithToken(await TestTokens.SignInThroughWebClientAsync(hub, "member@demo.infohub.local", "demo-member-password"));
        using var own = await member.PutAsync($"/api/directory/organizations/{amnesty}", Json("""{"name":"Amnesty International","acronym":"AI","country":"GB","description":"[Demo data] edited by its member"}"""), Ct);
        using var other = await member.PutAsync($"/api/directory/organizations/{hrw}", Json("""{"name":"Not ours","country":"US"}"""), Ct);
        using var partner = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "demo-partner", ["client_secret"] = "demo-partner-secret", ["scope"] = "infohub",
        }), Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, partner.StatusCode);
    }

    [Fact]
    public async Task The_demo_accounts_sign_in_the_moment_the_embedded_host_is_ready()
    {
        // As shipped (appsettings.json: demo data), as its own process: however the start-up is arranged, ready must wait
        // for the identity bootstrap (the demo accounts, their password hashes, the clients).
        var data = System.IO.Directory.CreateTempSubdirectory("infohub-ready-sign-in-").FullName;
        try
        {
            await using var host = ServiceProcess.Start("embedded", RepoPaths.Executable("deploy", "InfoHub.Embedded"), Ports.Free(),
                new Dictionary<string, string> { ["Storage__DataDirectory"] = data });
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var ready = await EventuallyAsync(async () =>
            {
                Assert.False(host.HasExited, host.Output);
                try
                {
                    using var response = await http.GetAsync("/health/ready", Ct);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException) { return false; }
                catch (TaskCanceledException) when (!Ct.IsCancellationRequested) { return false; } // a probe slower than its timeout while the host starts
            }, TimeSpan.FromSeconds(150), intervalMs: 10);

            Assert.True(ready, host.Output);
            Assert.True(await DemoSignIn.BothSignInAsync(host.BaseAddress), host.Output);
        }
        finally
        {
            try { System.IO.Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
