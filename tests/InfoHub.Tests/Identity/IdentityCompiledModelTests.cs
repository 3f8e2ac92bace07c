using InfoHub.Identity.Accounts;
using InfoHub.Identity.Accounts.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace InfoHub.Tests.Identity;

/// <summary>
/// The identity store starts from a compiled EF Core model (issue #10, start-up). It is generated code: when the model
/// in code changes (an entity, a package update of Identity or OpenIddict) and nobody regenerates it, the service would
/// quietly run on the old shape. These tests fail first; the command to regenerate is in <see cref="IdentityDb"/>'s remarks.
/// </summary>
public sealed class IdentityCompiledModelTests
{
    private const string Regenerate = "The compiled model of IdentityDb is stale: regenerate it with the `dotnet ef dbcontext optimize` command in IdentityDb's remarks.";

    [Fact]
    public void The_service_runs_on_the_compiled_model()
    {
        using var db = NewDb();
        Assert.Same(IdentityDbModel.Instance, db.Model);
    }

    [Fact]
    public void The_compiled_model_has_the_schema_of_the_model_built_from_the_code()
    {
        using var db = NewDb();
        // The design-time model is always built from the code (OnModelCreating, Identity's and OpenIddict's
        // configuration), never taken from the compiled one.
        var fromCode = db.GetService<IDesignTimeModel>().Model;
        AssertInStep(Schema(fromCode.GetRelationalModel()), Schema(db.Model.GetRelationalModel()));
    }

    [Fact]
    public void The_compiled_model_has_the_entities_properties_and_navigations_of_the_model_built_from_the_code()
    {
        using var db = NewDb();
        AssertInStep(Shape(db.GetService<IDesignTimeModel>().Model), Shape(db.Model));
    }

    private static void AssertInStep(List<string> fromCode, List<string> compiled)
    {
        var onlyInCode = fromCode.Except(compiled).ToList();
        var onlyCompiled = compiled.Except(fromCode).ToList();
        Assert.True(onlyInCode.Count == 0 && onlyCompiled.Count == 0,
            $"{Regenerate}\nOnly in the code: {string.Join("; ", onlyInCode)}\nOnly in the compiled model: {string.Join("; ", onlyCompiled)}");
    }

    /// <summary>Tables, their columns and constraints as the queries and commands see them.</summary>
    private static List<string> Schema(IRelationalModel model) =>
        model.Tables
            .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name}: {c.StoreType} nullable={c.IsNullable}")
                .Concat(t.UniqueConstraints.Select(u => $"{t.Name} unique {u.Name} ({string.Join(", ", u.Columns.Select(c => c.Name))}) primary={u.GetIsPrimaryKey()}"))
                .Concat(t.ForeignKeyConstraints.Select(f => $"{t.Name} fk {f.Name} -> {f.PrincipalTable.Name} on delete {f.OnDeleteAction}"))
                .Concat(t.Indexes.Select(i => $"{t.Name} index {i.Name} ({string.Join(", ", i.Columns.Select(c => c.Name))}) unique={i.IsUnique}")))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>What the schema comparison does not see: CLR types, nullability, navigations, value conversions.</summary>
    private static List<string> Shape(IModel model) =>
        model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => $"{e.Name}.{p.Name}: {p.ClrType} nullable={p.IsNullable} concurrency={p.IsConcurrencyToken} converter={p.GetTypeMapping().Converter?.GetType().Name}")
                .Concat(e.GetNavigations().Select(n => $"{e.Name}.{n.Name} -> {n.TargetEntityType.Name} collection={n.IsCollection}"))
                .Prepend($"{e.Name} table={e.GetTableName()}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static IdentityDb NewDb()
    {
        var options = new DbContextOptionsBuilder<IdentityDb>();
        IdentityDb.Configure(options, ":memory:");
        return new IdentityDb(options.Options);
    }
}
