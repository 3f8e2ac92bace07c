using Microsoft.Data.Sqlite;

namespace InfoHub.Testing;

/// <summary>
/// Contacts' copy of the directory's organizations against the directory's own, read straight from the two services'
/// SQLite files (read-only): which copies are missing or behind (lost changes), and which have no original or are ahead
/// of it (a change applied twice, or out of order).
/// </summary>
public sealed record ReplicaComparison(int DirectoryCount, int ContactsCount, int Missing, int Behind, int Extra, int Ahead)
{
    public bool Equal => Missing == 0 && Behind == 0 && Extra == 0 && Ahead == 0;

    public static ReplicaComparison Of(DistributedHub hub) =>
        Of(Path.Combine(hub.DataDirectory("directory"), "directory.db"), Path.Combine(hub.DataDirectory("contacts"), "contacts.db"));

    public static ReplicaComparison Of(string directoryFile, string contactsFile)
    {
        var directory = Versions(directoryFile);
        var contacts = Versions(contactsFile);
        int missing = 0, behind = 0, ahead = 0;
        foreach (var (id, version) in directory)
        {
            if (!contacts.TryGetValue(id, out var copy)) missing++;
            else if (copy < version) behind++;
            else if (copy > version) ahead++;
        }
        return new ReplicaComparison(directory.Count, contacts.Count, missing, behind, contacts.Keys.Count(k => !directory.ContainsKey(k)), ahead);
    }

    private static Dictionary<string, long> Versions(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version FROM documents WHERE collection = 'organizations'";
        using var reader = command.ExecuteReader();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }

    public override string ToString() =>
        $"directory {DirectoryCount}, contacts {ContactsCount}: {Missing} missing, {Behind} behind, {Extra} without an original, {Ahead} ahead";
}
