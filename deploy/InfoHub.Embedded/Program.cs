using InfoHub.Contacts;
using InfoHub.Directory;
using InfoHub.Embedded;
using InfoHub.NewsDigest;
using InfoHub.Platform.Hosting;
using InfoHub.Resources;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectory();
builder.AddContacts();
builder.AddResources();
builder.AddNewsDigest();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDirectory();
app.MapContacts();
app.MapResources();
app.MapNewsDigest();
app.MapWelcome();
app.Run();
