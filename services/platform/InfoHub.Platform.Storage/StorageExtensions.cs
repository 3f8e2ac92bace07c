using InfoHub.Platform.Hosting;
using InfoHub.Platform.Storage.Mongo;
using InfoHub.Platform.Storage.Sqlite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace InfoHub.Platform.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Gives <paramref name="service"/> its own store, registered as a keyed <see cref="IDocumentStore"/> under the
    /// service's name, initialized before anything starts and checked by the readiness probe. A service that publishes
    /// events also adds the relay of its outbox (<c>AddOutboxRelay</c>, in InfoHub.Platform.Messaging).
    /// </summary>
    public static IHostApplicationBuilder AddDocumentStore(this IHostApplicationBuilder builder, string service, params string[] collections)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddExceptionStatusCode<ConcurrencyConflictException>(StatusCodes.Status409Conflict);

        // One client (and so one connection pool) for every store of the process, as MongoDB's driver intends.
        builder.Services.TryAddSingleton<IMongoClient>(sp => new MongoClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.MongoConnectionString));
        builder.Services.AddKeyedSingleton<IDocumentStore>(service, (sp, _) => Create(sp, service, collections));
        builder.Services.AddSingleton<IHostedService>(sp => new StoreInitializer(sp.GetRequiredKeyedService<IDocumentStore>(service)));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"store-{service}",
            sp => new StoreHealthCheck(sp.GetRequiredKeyedService<IDocumentStore>(service)),
            HealthStatus.Unhealthy,
            ["ready"]));
        return builder;
    }

    private static IDocumentStore Create(IServiceProvider sp, string service, IReadOnlyList<string> collections)
    {
        var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        return options.Provider switch
        {
            StorageProvider.Mongo => new MongoDocumentStore(
                service,
                sp.GetRequiredService<IMongoClient>().GetDatabase(options.MongoDatabasePrefix + service),
                collections,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MongoDocumentStore>>()),
            _ => new SqliteDocumentStore(
                service,
                Path.Combine(options.DataDirectory, service + ".db"),
                sp.GetRequiredService<TimeProvider>(),
                options.BusyTimeoutSeconds,
                options.Durability),
        };
    }

    /// <summary>Runs before every hosted service's StartAsync (the bus and the relay included).</summary>
    private sealed class StoreInitializer(IDocumentStore store) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken ct) => store.InitializeAsync(ct);
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.PingAsync(timeout.Token);
                // Both counts come from the outbox's partial indexes, so every probe stays cheap.
                var (pending, parked) = await store.CountOutboxAsync(timeout.Token);
                var waiting = pending == 0 ? "" : $"; {pending} events wait in its outbox";
                var setAside = parked == 0 ? "" : $"; {parked} parked events need an operator (GET /admin/outbox/{store.Service})";
                return HealthCheckResult.Healthy($"{store.Service} store answers{waiting}{setAside}",
                    new Dictionary<string, object> { ["outboxPending"] = pending, ["outboxParked"] = parked });
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy($"{store.Service} store does not answer", e);
            }
        }
    }
}
