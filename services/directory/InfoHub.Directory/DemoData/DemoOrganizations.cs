using InfoHub.Directory.Organizations;
using InfoHub.Platform.Storage;

namespace InfoHub.Directory.DemoData;

/// <summary>
/// Seeds an empty directory with organizations named in the network's public 2003 consultation records, so a
/// newcomer sees a working hub. Descriptions are written for the demo and say so. Enabled by <c>Directory:DemoData</c>.
/// </summary>
public static class DemoOrganizations
{
    public const string Marker = "[Demo data]";

    internal static readonly OrganizationProfile[] Profiles =
    [
        new("Amnesty International", "AI", "GB", $"{Marker} Global human rights movement; research and campaigning against grave violations."),
        new("Human Rights Watch", "HRW", "US", $"{Marker} Investigates and reports on human rights abuses; advocacy on protection of civilians."),
        new("Oxfam International", "Oxfam", "GB", $"{Marker} Humanitarian and development confederation; protection of civilians advocacy."),
        new("CARE International", "CARE", "CH", $"{Marker} Humanitarian aid and development; women's and girls' protection in crises."),
        new("International Crisis Group", "ICG", "BE", $"{Marker} Field-based analysis and early warning on deadly conflict."),
        new("Project Ploughshares", null, "CA", $"{Marker} Peace research institute; small arms and conflict prevention."),
        new("World Federalist Movement-Institute for Global Policy", "WFM-IGP", "US", $"{Marker} Norm-building and advocacy for the Responsibility to Protect at the UN."),
        new("Refugees International", "RI", "US", $"{Marker} Advocacy for displaced people and humanitarian access."),
        new("Save the Children UK", null, "GB", $"{Marker} Children and armed conflict; humanitarian response."),
        new("Fund for Peace", "FFP", "US", $"{Marker} Research on state fragility and early warning."),
        new("Woodrow Wilson Center", null, "US", $"{Marker} Policy research forum; conflict prevention studies."),
        new("International Peace Academy", "IPA", "US", $"{Marker} Policy research on peacekeeping and conflict prevention."),
        new("Quaker UN Office", "QUNO", "CH", $"{Marker} Quiet diplomacy and conflict prevention at the United Nations."),
        new("Canadian Council of Churches", null, "CA", $"{Marker} Faith-based peace and justice advocacy."),
    ];

    /// <summary>
    /// Demo organizations get the same id on every machine (a name-based UUID, RFC 9562 version 5), so demo settings
    /// elsewhere — such as the embedded host's demo member — can name one: "Amnesty International" is always
    /// <c>70398e4d-5b4f-5a43-b838-6871a9969ad3</c> (a test pins it).
    /// </summary>
    public static Guid IdOf(string name)
    {
        var bytes = System.Security.Cryptography.SHA1.HashData(
            [.. Namespace.ToByteArray(bigEndian: true), .. System.Text.Encoding.UTF8.GetBytes(name)]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }

    private static readonly Guid Namespace = new("5d3c8f0e-2b1a-4c6e-9f7d-3a2b1c0d9e8f");

    public static IHostApplicationBuilder AddDemoOrganizations(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Directory:DemoData")) builder.Services.AddHostedService<Seeder>();
        return builder;
    }

    private sealed class Seeder(
        OrganizationStore organizations,
        [FromKeyedServices(DirectoryExtensions.Service)] IDocumentStore store,
        ILogger<Seeder> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if ((await store.SearchAsync(OrganizationStore.Collection, new SearchQuery(null, 1), ct)).Total > 0) return;
            foreach (var profile in Profiles) await organizations.RegisterAsync(profile, ct, IdOf(profile.Name));
            logger.LogInformation("Seeded the directory with {Count} demo organizations", Profiles.Length);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
