using InfoHub.Directory;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectory();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDirectory();
app.Run();

/// <summary>Named so that tests can host this service in process (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
