using System.Globalization;
using InfoHub.Platform.Http;
using InfoHub.Platform.Security;
using Microsoft.Extensions.Options;

namespace InfoHub.NewsDigest.AgendaWatch;

public static class AgendaWatchEndpoints
{
    public const string Route = "/api/news/agenda-watch";
    public const int MaxDays = 730;

    /// <summary>The watch and its configuration (<c>NewsDigest:AgendaWatchDays</c>, checked at start).</summary>
    public static IHostApplicationBuilder AddAgendaWatch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgendaWatchOptions>().BindConfiguration(AgendaWatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AgendaWatch>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAgendaWatch(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Watch).RequireAuthorization(Access.Secretariat).WithTags("Agenda watch").RejectUnknownQueryParameters()
            .WithSummary("The situations the network monitors that the Security Council has not taken up in the last days (days: 1 to 730, 90 unless configured)")
            .WithDescription("Neglected situations come longest-neglected first; those with a meeting scheduled within the next `days` days are listed under `comingUp` instead. Cancelled meetings do not count.")
            .Produces<AgendaWatchReport>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Watch(string? days, AgendaWatch watch, IOptions<AgendaWatchOptions> options, CancellationToken ct)
    {
        var window = options.Value.AgendaWatchDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxDays))
            return Problems.Validation("days", $"'days' must be a whole number from 1 to {MaxDays}.");
        return TypedResults.Ok(await watch.WatchAsync(window, ct));
    }
}
