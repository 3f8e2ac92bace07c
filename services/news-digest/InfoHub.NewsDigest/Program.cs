using InfoHub.NewsDigest;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNewsDigest();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapNewsDigest();
app.Run();
