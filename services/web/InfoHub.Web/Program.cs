using InfoHub.Platform.Hosting;
using InfoHub.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWebPortal();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWebPortal();
app.Run();

/// <summary>Named so that tests can host this service in process (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
