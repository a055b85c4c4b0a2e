namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>Paths in the repository under test, found from the test assembly's folder upwards.</summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string InfraDirectory => Path.Combine(Root, "infra");

    /// <summary>Every .bicep file under infra/, as a path relative to infra/ with forward slashes.</summary>
    public static IReadOnlyList<string> BicepFiles => FilesUnderInfra("*.bicep");

    /// <summary>Every .bicepparam file under infra/, as a path relative to infra/ with forward slashes.</summary>
    public static IReadOnlyList<string> BicepParamFiles => FilesUnderInfra("*.bicepparam");

    /// <summary>The environments that have a parameter file in infra/env, such as dev and prod.</summary>
    public static IReadOnlyList<string> Environments =>
        [.. Directory.GetFiles(Path.Combine(InfraDirectory, "env"), "*.bicepparam")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    public static string ReadFile(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string[] FilesUnderInfra(string pattern) =>
        [.. Directory.GetFiles(InfraDirectory, pattern, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(InfraDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JetPayFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No JetPayFunctions.sln above {AppContext.BaseDirectory}: the tests must run from a build inside the repository.");
    }
}
