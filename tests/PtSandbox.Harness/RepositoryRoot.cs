namespace PtSandbox.Harness;

public static class RepositoryRoot
{
    /// <summary>The folder holding PtSandbox.sln, found by walking up from the running assembly.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PtSandbox.sln"))) return dir.FullName;
        throw new InvalidOperationException("PtSandbox.sln not found above " + AppContext.BaseDirectory);
    }
}
