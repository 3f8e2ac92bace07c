using InfoHub.Identity;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInfoHubIdentity();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInfoHubIdentity();
app.Run();
