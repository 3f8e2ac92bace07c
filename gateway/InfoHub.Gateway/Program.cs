using InfoHub.Gateway;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();

/// <summary>Named so that tests can host this service in process (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
