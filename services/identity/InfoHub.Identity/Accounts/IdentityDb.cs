using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InfoHub.Identity.Accounts;

/// <summary>Accounts (ASP.NET Core Identity) and OpenIddict's applications, authorizations and tokens, in the identity service's own SQLite file.</summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options);
