using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Identity;

/// <summary>
/// <c>/api/identity/me</c>: a person's own account, as the portal's account pages use it — only the account the token
/// names, field-named refusals that change nothing, wrong current passwords counted towards the lockout, and the
/// chosen language carried in the next tokens.
/// </summary>
public sealed class OwnAccountTests(EmbeddedHub hub) : IClassFixture<EmbeddedHub>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_reads_their_own_account_and_a_machine_client_has_none()
    {
        var organization = Guid.NewGuid();
        var (token, email, _) = await TestTokens.MemberWithCredentialsAsync(hub, organization);
        using var member = hub.CreateClient().WithToken(token);

        var me = await member.GetFromJsonAsync<JsonElement>("/api/identity/me", Ct);
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(organization, me.GetProperty("organizationId").GetGuid());
        Assert.Equal(["member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(me.GetProperty("twoFactor").GetBoolean());
        Assert.False(me.TryGetProperty("language", out _), "no language chosen yet");

        using var machine = await hub.SecretariatClientAsync();
        using var none = await machine.GetAsync("/api/identity/me", Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        using var anonymous = await hub.CreateClient().GetAsync("/api/identity/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_and_changes_nothing()
    {
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, Guid.NewGuid());
        using var member = hub.CreateClient().WithToken(token);

        await AssertFieldAsync(await member.PutAsync("/api/identity/me/language", Json("""{"language":"de"}"""), Ct), HttpStatusCode.BadRequest, "language");
        await AssertFieldAsync(await member.PostAsync("/api/identity/me/password", Json("{}"), Ct), HttpStatusCode.BadRequest, "currentPassword", "newPassword");
        await AssertFieldAsync(await member.PostAsync("/api/identity/me/password", Json($$"""{"currentPassword":"{{password}}","newPassword":"short"}"""), Ct),
            HttpStatusCode.BadRequest, "newPassword");
        await AssertFieldAsync(await member.PostAsync("/api/identity/me/two-factor", Json("""{"code":"000000"}"""), Ct), HttpStatusCode.BadRequest, "currentPassword");
        await AssertFieldAsync(await member.PostAsync("/api/identity/me/two-factor", Json($$"""{"code":"000000","currentPassword":"{{password}}"}"""), Ct), HttpStatusCode.BadRequest, "code");
        await AssertFieldAsync(await member.PostAsync("/api/identity/me/two-factor/disable", Json("""{"code":"000000"}"""), Ct), HttpStatusCode.Conflict, "code");
        using var malformed = await member.PostAsync("/api/identity/me/password", Json("""{"currentPassword":"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        // Nothing changed: the password still signs in, no second factor, no language.
        Assert.False(string.IsNullOrEmpty(await TestTokens.SignInThroughWebClientAsync(hub, email, password)));
        var me = await member.GetFromJsonAsync<JsonElement>("/api/identity/me", Ct);
        Assert.False(me.GetProperty("twoFactor").GetBoolean());
        Assert.False(me.TryGetProperty("language", out _), "no language chosen yet");
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_account_as_wrong_sign_ins_do()
    {
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, Guid.NewGuid());
        using var member = hub.CreateClient().WithToken(token);

        string? said = null;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await member.PostAsync("/api/identity/me/password", Json("""{"currentPassword":"guess number n","newPassword":"a brand new pass phrase"}"""), Ct);
            said = await AssertFieldAsync(wrong, HttpStatusCode.BadRequest, "currentPassword");
        }
        Assert.Contains("locked", said);
        // Locked: even the right current password is refused, and so is signing in.
        using var right = await member.PostAsync("/api/identity/me/password", Json($$"""{"currentPassword":"{{password}}","newPassword":"a brand new pass phrase"}"""), Ct);
        Assert.Contains("locked", await AssertFieldAsync(right, HttpStatusCode.BadRequest, "currentPassword"));
        await using var scope = hub.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password), "the password itself did not change");
    }

    [Fact]
    public async Task The_language_a_person_chooses_is_in_their_next_tokens_and_in_the_audit_log()
    {
        var (token, email, password) = await TestTokens.MemberWithCredentialsAsync(hub, Guid.NewGuid());
        using var member = hub.CreateClient().WithToken(token);

        using var set = await member.PutAsync("/api/identity/me/language", Json("""{"language":"fr"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("fr", (await set.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("language").GetString());

        var next = new JsonWebToken(await TestTokens.SignInThroughWebClientAsync(hub, email, password));
        Assert.Equal("fr", next.GetClaim("locale").Value);
        Assert.False(new JsonWebToken(token).TryGetClaim("locale", out _), "the token from before the choice has none");

        using var secretariat = await hub.SecretariatClientAsync();
        var audit = await secretariat.GetFromJsonAsync<JsonElement>($"/api/identity/audit?action=account.language-set&actor={new JsonWebToken(token).Subject}", Ct);
        Assert.Equal("fr", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("detail").GetString());
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> naming each of <paramref name="fields"/>; returns the first field's message.</summary>
    private static async Task<string> AssertFieldAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            // A validation problem lists its fields; a conflict names its one field beside its detail.
            if (!problem.TryGetProperty("errors", out var errors))
            {
                Assert.Equal(fields.Single(), problem.GetProperty("field").GetString());
                return problem.GetProperty("detail").GetString()!;
            }
            foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
            return errors.GetProperty(fields[0])[0].GetString()!;
        }
    }
}
