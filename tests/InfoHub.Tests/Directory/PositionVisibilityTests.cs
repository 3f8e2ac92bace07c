using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoHub.Tests.Identity;
using Microsoft.Data.Sqlite;
using static InfoHub.Tests.Directory.DirectoryApi;
using static InfoHub.Tests.HttpJson;

namespace InfoHub.Tests.Directory;

/// <summary>Positions are voluntary and each has a visibility the API never breaks, whoever asks and however.</summary>
public sealed class PositionVisibilityTests(EmbeddedHub hub) : SecretariatTest(hub)
{
    private static object Position(string visibility, string statement) =>
        new { situationId = "visibility-test", statement, statedOn = "2026-03-01", responses = new[] { "prevention" }, visibility };

    [Fact]
    public async Task Each_caller_sees_only_the_positions_their_role_admits_and_the_bus_carries_only_public_ones()
    {
        await Secretariat.DefineSituationAsync("visibility-test", "Visibility test situation", "BI");
        var org = await Secretariat.RegisterAsync(new { name = "Position Holder", country = "BI" });
        await Secretariat.PostCreatedAsync($"{Organizations}/{org}/activities", new { title = "Field work", situations = new[] { "visibility-test" } });
        using var owner = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, org));
        using var otherMember = Hub.CreateClient().WithToken(await TestTokens.MemberAsync(Hub, Guid.NewGuid()));
        using var anonymous = Hub.CreateClient();
        using var partner = Hub.CreateClient().WithToken(await TestTokens.ClientCredentialsAsync(Hub.CreateClient(), "demo-partner", "demo-partner-secret"));

        var @public = (await owner.PostCreatedAsync($"{Organizations}/{org}/positions", Position("public", "Public statement"))).GetProperty("id").GetGuid();
        var members = (await owner.PostCreatedAsync($"{Organizations}/{org}/positions", Position("members", "Members-only statement"))).GetProperty("id").GetGuid();
        var secretariat = (await owner.PostCreatedAsync($"{Organizations}/{org}/positions", Position("secretariat", "Secretariat-only statement"))).GetProperty("id").GetGuid();

        async Task<string[]> Listed(HttpClient client) =>
            (await client.GetJsonAsync($"{Organizations}/{org}/positions")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("statement").GetString()!).Order().ToArray();
        async Task<string[]> OnSituationPage(HttpClient client) =>
            (await client.GetJsonAsync("/api/directory/situations/visibility-test")).GetProperty("positions").EnumerateArray()
                .Select(p => p.GetProperty("position").GetProperty("statement").GetString()!).Order().ToArray();

        Assert.Equal(["Public statement"], await Listed(anonymous));
        Assert.Equal(["Public statement"], await Listed(partner));
        Assert.Equal(["Members-only statement", "Public statement"], await Listed(otherMember));
        Assert.Equal(["Members-only statement", "Public statement", "Secretariat-only statement"], await Listed(owner));
        Assert.Equal(["Members-only statement", "Public statement", "Secretariat-only statement"], await Listed(Secretariat));
        Assert.Equal(["Public statement"], await OnSituationPage(anonymous));
        Assert.Equal(["Members-only statement", "Public statement"], await OnSituationPage(otherMember));
        Assert.Equal(["Members-only statement", "Public statement", "Secretariat-only statement"], await OnSituationPage(Secretariat));

        using (var hidden = await anonymous.GetAsync($"{Organizations}/{org}/positions/{members}", Ct)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var hidden = await otherMember.GetAsync($"{Organizations}/{org}/positions/{secretariat}", Ct)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var shown = await anonymous.GetAsync($"{Organizations}/{org}/positions/{@public}", Ct)) Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        using (var foreign = await otherMember.PostAsync($"{Organizations}/{org}/positions", Json(JsonSerializer.Serialize(Position("public", "Not ours"))), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var page = await anonymous.GetJsonAsync("/api/directory/situations/visibility-test");
        Assert.Equal(["Position Holder"], Names(page.GetProperty("organizations")));

        // Narrowing the public one to members withdraws it from the bus; the two others never travelled.
        using (var narrowed = await owner.PutAsync($"{Organizations}/{org}/positions/{@public}", Json(JsonSerializer.Serialize(Position("members", "Public statement"))), Ct))
            Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Empty(await Listed(anonymous));
        var onTheBus = OutboxPayloads(Hub, "Position").ToList();
        Assert.Contains(onTheBus, m => m.Type.Contains("PositionPublished") && m.Payload.Contains(@public.ToString()));
        Assert.Contains(onTheBus, m => m.Type.Contains("PositionWithdrawn") && m.Payload.Contains(@public.ToString()));
        Assert.DoesNotContain(onTheBus, m => m.Payload.Contains(members.ToString()) || m.Payload.Contains(secretariat.ToString()));
        Assert.DoesNotContain(onTheBus, m => m.Payload.Contains("Members-only statement") || m.Payload.Contains("Secretariat-only statement"));
    }

    [Theory]
    [InlineData("""{"situationId":"visibility-test","statement":"S","statedOn":"2026-01-01","visibility":"public"}""", "statement")]
    [InlineData("""{"situationId":"nowhere-land","statement":"Statement","statedOn":"2026-01-01","visibility":"public"}""", "situationId")]
    [InlineData("""{"situationId":"visibility-test","statement":"Statement","statedOn":"2026-01-01","visibility":"friends"}""", "visibility")]
    [InlineData("""{"situationId":"visibility-test","statement":"Statement","statedOn":"2026-01-01"}""", "visibility")]
    [InlineData("""{"situationId":"visibility-test","statement":"Statement","statedOn":"soon","visibility":"public"}""", "statedOn")]
    [InlineData("""{"situationId":"visibility-test","statement":"Statement","statedOn":"2026-01-01","visibility":"public","responses":["bombing"]}""", "responses[0]")]
    public async Task An_invalid_position_is_a_400_naming_the_field(string body, string field)
    {
        await Secretariat.DefineSituationAsync("visibility-test", "Visibility test situation", "BI");
        var org = await Secretariat.RegisterAsync(new { name = "Invalid Position Holder", country = "BI" });
        using var response = await Secretariat.PostAsync($"{Organizations}/{org}/positions", Json(body), Ct);
        await AssertProblemNamingAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>A service's outbox (sent or not; the directory's unless named): every event it ever handed to the bus, read from its SQLite file (none before the file exists).</summary>
    internal static IEnumerable<(string Type, string Payload)> OutboxPayloads(EmbeddedHub hub, string typeContains, string service = "directory")
    {
        _ = hub.Services; // starts the hub when nothing has yet
        var file = Path.Combine(hub.DataDirectory, service + ".db");
        if (!File.Exists(file)) return []; // the service has not created its store yet: nothing sent
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type, payload FROM outbox WHERE message_type LIKE $t";
        command.Parameters.AddWithValue("$t", $"%{typeContains}%");
        SqliteDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return []; // the store's schema is being created
        }
        using var rowsRead = reader;
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}
