using InfoHub.Contacts;
using InfoHub.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddContacts();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapContacts();
app.Run();
