using InfoHub.Tests.Identity;

namespace InfoHub.Tests.Directory;

/// <summary>A test class on its own embedded hub, acting as the secretariat (which may create and edit anything).</summary>
public abstract class SecretariatTest(EmbeddedHub hub) : IClassFixture<EmbeddedHub>, IAsyncLifetime
{
    protected EmbeddedHub Hub { get; } = hub;
    protected HttpClient Secretariat { get; private set; } = null!;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Secretariat = await Hub.SecretariatClientAsync();

    public ValueTask DisposeAsync()
    {
        Secretariat.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
