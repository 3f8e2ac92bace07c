using InfoHub.Contacts;
using InfoHub.Directory;
using InfoHub.Embedded;
using InfoHub.Identity;
using InfoHub.NewsDigest;
using InfoHub.Platform.Hosting;
using InfoHub.Resources;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectory();
builder.AddContacts();
builder.AddResources();
builder.AddNewsDigest();
builder.AddInfoHubIdentity();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDirectory();
app.MapContacts();
app.MapResources();
app.MapNewsDigest();
app.MapInfoHubIdentity();
app.MapWelcome();
app.Run();
