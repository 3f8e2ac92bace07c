using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InfoHub.Identity.Accounts;

/// <summary>
/// Accounts (ASP.NET Core Identity) and OpenIddict's applications, authorizations and tokens, in the identity service's
/// own SQLite file.
/// </summary>
/// <remarks>
/// EF Core uses the compiled model in <c>CompiledModel/</c> (found through its assembly attribute) instead of building
/// the model at every start, seconds of JIT work before the service can be ready. It must be regenerated when the model
/// changes (an entity, a package update of Identity or OpenIddict); <c>IdentityCompiledModelTests</c> fails until then.
/// From the repository root:
/// <code>
/// EFCoreDesign=true dotnet ef dbcontext optimize --project services/identity/InfoHub.Identity --context IdentityDb \
///   --output-dir Accounts/CompiledModel --namespace InfoHub.Identity.Accounts.CompiledModel
/// </code>
/// (<c>dotnet tool install --global dotnet-ef --version 10.0.14</c>; <c>EFCoreDesign=true</c> adds the design-time
/// package that the tool needs, which the service itself never ships.)
/// </remarks>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>The one configuration of the store, for the service and for the test that checks the compiled model.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder db, string file) =>
        db.UseSqlite($"Data Source={file}").UseOpenIddict();
}
