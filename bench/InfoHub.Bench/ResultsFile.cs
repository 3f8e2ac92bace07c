using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfoHub.Bench;

/// <summary>Writes a bench's figures as indented JSON under bench/results (untracked), creating the folder.</summary>
internal static class ResultsFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync<T>(string path, T figures, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figures, Options) + Environment.NewLine, ct);
    }

    /// <summary>Prints a bench's report and writes its figures to <c>bench/results/<paramref name="fileName"/></c>, saying where.</summary>
    public static async Task PrintAndWriteAsync<T>(string table, string fileName, T figures, CancellationToken ct)
    {
        Console.WriteLine();
        Console.Write(table);
        var output = Path.Combine(InfoHub.Testing.RepoPaths.Root, "bench", "results", fileName);
        await WriteAsync(output, figures, ct);
        Console.WriteLine();
        Console.WriteLine($"Figures written to {Path.GetRelativePath(Environment.CurrentDirectory, output)}");
    }
}
