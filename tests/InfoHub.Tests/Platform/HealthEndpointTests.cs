using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using InfoHub.Platform.Storage;
using InfoHub.Tests.EndToEnd;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;

namespace InfoHub.Tests.Platform;

/// <summary>The health endpoints of the embedded host (in-memory bus), with a store that can be made to stop answering.</summary>
public sealed class HealthEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_answers_503_naming_the_store_when_it_stops_answering_while_liveness_stays_200()
    {
        await using var hub = new EmbeddedHub();
        await using var factory = hub.WithWebHostBuilder(b => b.ConfigureTestServices(UnreachableStore.Wrap("contacts")));
        using var client = factory.CreateClient();

        var before = await HealthAsync(client, "/health/ready");
        ((UnreachableStore)factory.Services.GetRequiredKeyedService<IDocumentStore>("contacts")).Unreachable = true;
        var after = await HealthAsync(client, "/health/ready");
        var live = await HealthAsync(client, "/health/live");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("Healthy", before.Overall);
        Assert.Equal(0, before.OutboxPending("store-contacts"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.Status);
        Assert.Equal("Unhealthy", after.Overall);
        Assert.Equal("Unhealthy", after.Check("store-contacts"));
        Assert.Equal("Healthy", after.Check("store-directory"));
        Assert.Equal("Healthy", after.Check("broker"));
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }

    private static async Task<Health> HealthAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return new Health(response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    /// <summary>A service's store whose ping fails once <see cref="Unreachable"/> is set, as a lost disk or database would.</summary>
    public class UnreachableStore : DispatchProxy
    {
        private IDocumentStore _inner = null!;

        public bool Unreachable { get; set; }

        /// <summary>Wraps the store registered for <paramref name="service"/> (the last registration of a key wins).</summary>
        public static Action<IServiceCollection> Wrap(string service) => services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IDocumentStore) && Equals(d.ServiceKey, service));
            services.AddKeyedSingleton(service, (sp, key) =>
            {
                var store = DispatchProxy.Create<IDocumentStore, UnreachableStore>();
                ((UnreachableStore)(object)store)._inner = (IDocumentStore)original.KeyedImplementationFactory!(sp, key);
                return store;
            });
        };

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (Unreachable && method!.Name == nameof(IDocumentStore.PingAsync)) return Task.FromException(new IOException("The disk is gone."));
            try
            {
                return method!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}
