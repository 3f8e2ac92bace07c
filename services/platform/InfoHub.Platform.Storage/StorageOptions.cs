using System.ComponentModel.DataAnnotations;

namespace InfoHub.Platform.Storage;

public enum StorageProvider { Sqlite, Mongo }

/// <summary>Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite: the folder holding one <c>{service}.db</c> file per service.</summary>
    [Required] public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite: how long a write waits for a competing writer before failing.</summary>
    [Range(1, 300)] public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>SQLite: <c>Normal</c> or <c>Full</c> (sync every commit; safer on power loss, slower).</summary>
    public Sqlite.SqliteDurability Durability { get; set; } = Sqlite.SqliteDurability.Normal;

    /// <summary>MongoDB: a <c>mongodb://</c> or <c>mongodb+srv://</c> URI.</summary>
    public string? MongoConnectionString { get; set; }

    /// <summary>MongoDB: each service gets the database <c>{prefix}{service}</c>.</summary>
    [Required] public string MongoDatabasePrefix { get; set; } = "infohub-";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Mongo &&
            !(MongoConnectionString?.StartsWith("mongodb://", StringComparison.Ordinal) == true ||
              MongoConnectionString?.StartsWith("mongodb+srv://", StringComparison.Ordinal) == true))
        {
            yield return new ValidationResult(
                "Storage:MongoConnectionString must be a mongodb:// URI when Storage:Provider is Mongo.",
                [nameof(MongoConnectionString)]);
        }
    }
}
