using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using JetPay.Testing;
using Xunit.Abstractions;

namespace JetPay.PaymentPage.Tests.Package;

/// <summary>
/// The package as a merchant gets it: <c>dotnet pack</c>, then a project outside the solution (samples/) that restores it
/// from a folder feed, runs the README's snippets against JetPay's documented request and callback, and checks the result.
/// </summary>
public partial class PackageTests(ITestOutputHelper output)
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string Consumer = Path.Combine(Root, "samples", "JetPay.PaymentPage.Consumer");

    [Fact]
    public void The_package_carries_the_library_its_docs_symbols_readme_and_license_and_a_project_outside_the_solution_uses_it()
    {
        var work = Directory.CreateTempSubdirectory("jetpay-package-");
        try
        {
            // A version of its own, so that no copy of another run in a package cache stands in for this one.
            var version = "1.0.0-check." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            var feed = Path.Combine(work.FullName, "feed");
            Run(["pack", Path.Combine(Root, "src", "JetPay.PaymentPage"), "-c", "Release", "-o", feed, $"-p:PackageVersion={version}"]);

            using (var package = ZipFile.OpenRead(Path.Combine(feed, $"JetPay.PaymentPage.{version}.nupkg")))
            {
                var entries = package.Entries.Select(entry => entry.FullName).ToList();
                Assert.Subset(entries.ToHashSet(), new HashSet<string> { "lib/net10.0/JetPay.PaymentPage.dll", "lib/net10.0/JetPay.PaymentPage.xml", "README.md", "LICENSE" });
                using var nuspec = new StreamReader(package.GetEntry("JetPay.PaymentPage.nuspec")!.Open());
                var metadata = nuspec.ReadToEnd();
                Assert.Contains("""<license type="expression">MIT</license>""", metadata, StringComparison.Ordinal);
                Assert.Contains("<readme>README.md</readme>", metadata, StringComparison.Ordinal);
            }

            Assert.True(File.Exists(Path.Combine(feed, $"JetPay.PaymentPage.{version}.snupkg")), "no symbols package");

            var result = Run(
            [
                "run", "--project", Consumer, "-c", "Release",
                $"-p:JetPayPaymentPageVersion={version}",
                $"-p:RestoreAdditionalProjectSources={feed}",
                $"-p:RestorePackagesPath={Path.Combine(work.FullName, "packages")}",
            ]);
            Assert.Contains("consumer: all checks passed", result, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Built_from_a_clone_of_a_GitHub_repository_the_symbols_map_every_source_to_that_commit_and_the_package_names_it()
    {
        var work = Directory.CreateTempSubdirectory("jetpay-sourcelink-");
        try
        {
            // Source Link takes the repository from the clone's origin; a checkout made from a folder has none on GitHub.
            var clone = Path.Combine(work.FullName, "clone");
            Run("git", Root, "clone", "--quiet", Root, clone);
            Run("git", clone, "remote", "set-url", "origin", "https://github.com/example-org/jetpay-functions.git");
            var commit = Run("git", clone, "rev-parse", "HEAD").Trim();
            var feed = Path.Combine(work.FullName, "feed");
            Run(["pack", Path.Combine(clone, "src", "JetPay.PaymentPage"), "-c", "Release", "-o", feed, "-p:ContinuousIntegrationBuild=true"]);

            var symbols = Directory.GetFiles(feed, "*.snupkg").Single();
            using (var package = ZipFile.OpenRead(symbols))
            {
                using var pdb = new MemoryStream();
                using (var entry = package.GetEntry("lib/net10.0/JetPay.PaymentPage.pdb")!.Open())
                {
                    entry.CopyTo(pdb);
                }

                pdb.Position = 0;
                var expected = $$$"""{"documents":{"/_/*":"https://raw.githubusercontent.com/example-org/jetpay-functions/{{{commit}}}/*"}}""";
                Assert.Equal(expected, SourceLinkOf(pdb));
            }

            using var nupkg = ZipFile.OpenRead(Directory.GetFiles(feed, "*.nupkg").Single());
            using var nuspec = new StreamReader(nupkg.GetEntry("JetPay.PaymentPage.nuspec")!.Open());
            var repository = RepositoryElement().Match(nuspec.ReadToEnd()).Value;
            Assert.Contains("url=\"https://github.com/example-org/jetpay-functions.git\"", repository, StringComparison.Ordinal);
            Assert.Contains($"commit=\"{commit}\"", repository, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_snippet_of_the_package_readme_is_code_the_consumer_project_compiles_and_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "src", "JetPay.PaymentPage", "README.md"));
        var program = File.ReadAllText(Path.Combine(Consumer, "Program.cs"));
        var snippets = CSharpBlock().Matches(readme).Select(match => match.Groups[1].Value).ToList();

        Assert.Equal(3, snippets.Count);
        Assert.All(snippets, snippet => Assert.Contains(snippet, program, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("<repository [^>]*>")]
    private static partial Regex RepositoryElement();

    private string Run(string[] arguments) => Run("dotnet", Root, arguments);

    private string Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings are not the child build's.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{program} {arguments[0]} did not finish in 5 minutes");
        output.WriteLine($"$ {program} {string.Join(' ', arguments)}\n{stdout}{stderr.Result}");
        Assert.True(process.ExitCode == 0, $"{program} {arguments[0]} failed:\n{stdout}{stderr.Result}");
        return stdout;
    }

    /// <summary>The Source Link JSON of a portable PDB: where its debugger finds each source file.</summary>
    private static string SourceLinkOf(Stream pdb)
    {
        var sourceLink = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var information = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation).Single(info => reader.GetGuid(info.Kind) == sourceLink);
        return Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
    }
}
