namespace InfoHub.Testing;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder up from the running assembly holding InfoHub.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as the running assembly was built.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built DLL of a service or the gateway, e.g. ("services/directory", "InfoHub.Directory").</summary>
    public static string Executable(string folder, string project)
    {
        var path = Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built; build InfoHub.sln ({Configuration}) first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfoHub.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("InfoHub.sln not found above " + AppContext.BaseDirectory);
    }
}
