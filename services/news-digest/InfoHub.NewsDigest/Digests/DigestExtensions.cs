using Cronos;
using InfoHub.NewsDigest.DemoData;
using InfoHub.NewsDigest.NetworkNews;
using InfoHub.Platform.Messaging;

namespace InfoHub.NewsDigest.Digests;

public static class DigestExtensions
{
    public static IHostApplicationBuilder AddDigests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Schedule) || CronExpression.TryParse(o.Schedule, out _),
                "NewsDigest:Digest:Schedule must be a five-field cron expression such as \"0 6 * * 1\" (or empty: no schedule).")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "NewsDigest:Digest:TimeZone must be a time zone id such as \"America/New_York\".")
            .Validate(o => DigestInput.IsLanguage(o.Language), "NewsDigest:Digest:Language must be a BCP 47 tag such as \"en\".")
            .ValidateOnStart();
        builder.Services.AddSingleton<NetworkNewsStore>();
        builder.AddConsumer<OrganizationRegisteredNewsConsumer>();
        builder.AddConsumer<OrganizationUpdatedNewsConsumer>();
        builder.AddConsumer<ActivityRecordedNewsConsumer>();
        builder.AddConsumer<PositionPublishedNewsConsumer>();
        builder.AddConsumer<PositionWithdrawnNewsConsumer>();
        builder.Services.AddSingleton<DigestNaming>();
        builder.Services.AddSingleton<IDigestSource, DevelopmentDigestSource>();
        builder.Services.AddSingleton<IDigestSource, ProgrammeDigestSource>();
        builder.Services.AddSingleton<IDigestSource, ResolutionDigestSource>();
        builder.Services.AddSingleton<IDigestSource, NetworkDigestSource>();
        builder.Services.AddSingleton<DigestDrafter>();
        builder.Services.AddSingleton<DigestStore>();
        builder.Services.AddSingleton<DigestSchedule>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DigestSchedule>());
        if (builder.DemoData()) builder.Services.AddHostedService<DemoDigest>();
        return builder;
    }
}
