namespace InfoHub.NewsDigest.Programme;

public static class ProgrammeExtensions
{
    /// <summary>The programme of work: its store, the <c>CouncilMeetingApproaching</c> announcer and, when asked, demo meetings.</summary>
    public static IHostApplicationBuilder AddProgramme(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MeetingStore>();
        services.AddOptions<MeetingApproachingOptions>().BindConfiguration(MeetingApproachingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MeetingApproaching>();
        services.AddHostedService(sp => sp.GetRequiredService<MeetingApproaching>());
        if (builder.DemoData()) services.AddHostedService<DemoProgramme.Seeder>();
        return builder;
    }
}
