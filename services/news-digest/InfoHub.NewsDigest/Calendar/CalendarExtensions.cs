using InfoHub.NewsDigest.Digests;

namespace InfoHub.NewsDigest.Calendar;

public static class CalendarExtensions
{
    /// <summary>The calendar of events and opportunities: its store, its digest section and, when asked, demo events.</summary>
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddSingleton<IDigestSource, CalendarDigestSource>();
        if (builder.DemoData()) builder.Services.AddHostedService<DemoCalendar.Seeder>();
        return builder;
    }
}
