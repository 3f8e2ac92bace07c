using System.Net;
using InfoHub.Testing;
using InfoHub.Tests.Identity;

namespace InfoHub.Tests.Directory;

/// <summary>The relevance suite (<see cref="RelevanceSuite"/>) against the demo directory: what a member sees first.</summary>
public sealed class RelevanceSuiteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_query_of_the_relevance_suite_shows_its_relevant_demo_organizations_on_the_first_page()
    {
        await using var hub = new EmbeddedHub { DemoData = true };
        using var http = hub.CreateClient();
        await WaitUntilReadyAsync(http);

        var results = await RelevanceSuite.RunAsync(http, RelevanceSuite.Demo, Ct);

        var misses = results.Where(r => r.PrecisionAt5 < 1 || !r.FirstHolds).Select(r => r.Query.Query).ToList();
        Assert.True(misses.Count == 0, $"Below precision 1 at 5, or not first where expected: {string.Join(", ", misses)}\n{RelevanceSuite.ToTable(results)}");
    }

    [Fact]
    public async Task Each_query_over_a_real_participant_list_shows_the_organizations_it_names_on_the_first_page()
    {
        await using var hub = new EmbeddedHub { DemoData = false };
        using var http = hub.CreateClient();
        await WaitUntilReadyAsync(http);
        using var secretariat = await hub.SecretariatClientAsync();
        var list = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Directory", "Fixtures", "r2p-civil-society.csv"), Ct);
        using var imported = await secretariat.PostAsync("/api/directory/imports?kind=organizations",
            new StringContent(list, System.Text.Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var results = await RelevanceSuite.RunAsync(http, RelevanceSuite.RealWorldList, Ct);

        var misses = results.Where(r => r.PrecisionAt5 < 1 || !r.FirstHolds).Select(r => r.Query.Query).ToList();
        Assert.True(misses.Count == 0, $"Below precision 1 at 5, or not first where expected: {string.Join(", ", misses)}\n{RelevanceSuite.ToTable(results)}");
    }

    /// <summary>Readiness includes the demo data being seeded.</summary>
    private static async Task WaitUntilReadyAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var ready = await http.GetAsync("/health/ready", Ct);
            if (ready.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(200, Ct);
        }
        Assert.Fail("The embedded hub did not become ready.");
    }
}
