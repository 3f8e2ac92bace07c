using InfoHub.Resources;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddResources();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapResources();
app.Run();

/// <summary>Named so that tests can host this service in process (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
