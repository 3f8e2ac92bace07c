using InfoHub.Identity;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInfoHubIdentity();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInfoHubIdentity();
app.Run();

/// <summary>Named so that tests can host this service in process (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
