using InfoHub.Contacts;
using InfoHub.Directory;
using InfoHub.Embedded;
using InfoHub.Identity;
using InfoHub.NewsDigest;
using InfoHub.Platform.Hosting;
using InfoHub.Resources;
using InfoHub.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectory();
builder.AddContacts();
builder.AddResources();
builder.AddNewsDigest();
builder.AddInfoHubIdentity();
builder.AddWebPortal();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDirectory();
app.MapContacts();
app.MapResources();
app.MapNewsDigest();
app.MapInfoHubIdentity();
app.MapWebPortal();
app.MapWelcome();
app.Run();
