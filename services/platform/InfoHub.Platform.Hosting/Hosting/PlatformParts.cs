using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InfoHub.Platform.Hosting;

/// <summary>
/// Endpoints a platform part (the outbox relay, the bus's error queues) adds to every process that uses it, mapped once
/// by <see cref="ServiceDefaults.MapDefaultEndpoints"/> however many services of the process register the part.
/// </summary>
public interface IDefaultEndpoints
{
    void Map(WebApplication app);
}

/// <summary>
/// Told of every request answered 401 or 403, whatever refused it (no token, an invalid one, a missing role), once the
/// answer is decided: for a service that keeps a record of attempts on private data.
/// </summary>
public interface IRefusedRequestObserver
{
    Task OnRefusedAsync(HttpContext context);
}

/// <summary>The HTTP status an exception of a lower layer means (the store's concurrency conflict is a 409), so the hosting defaults need not know that layer.</summary>
public sealed record ExceptionStatusCode(Type ExceptionType, int StatusCode);

public static class PlatformParts
{
    public static IServiceCollection AddDefaultEndpoints<T>(this IServiceCollection services) where T : class, IDefaultEndpoints
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDefaultEndpoints, T>());
        return services;
    }

    public static IServiceCollection AddExceptionStatusCode<TException>(this IServiceCollection services, int statusCode) where TException : Exception
    {
        if (services.All(d => d.ServiceType != typeof(ExceptionStatusCode) || ((ExceptionStatusCode?)d.ImplementationInstance)?.ExceptionType != typeof(TException)))
            services.AddSingleton(new ExceptionStatusCode(typeof(TException), statusCode));
        return services;
    }

    /// <summary>The system clock, unless a test registered its own.</summary>
    public static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
