using InfoHub.Directory;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectory();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDirectory();
app.Run();
