using System.Text.Json;
using System.Text.Json.Nodes;
using JetPayFunctions.Infrastructure.Tests.Support;
using Xunit.Abstractions;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>Every Bicep file compiles and passes the linter with no diagnostic at all: a warning fails like an error.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BicepFilesTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    public static TheoryData<string> BicepFiles => new(Repository.BicepFiles);

    public static TheoryData<string> BicepParamFiles => new(Repository.BicepParamFiles);

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_builds_to_an_arm_template_without_warnings(string file)
    {
        AssertNoDiagnostics(infrastructure.BuildBicep, file);
        Assert.True(
            File.Exists(Path.Combine(infrastructure.OutputDirectory, Path.ChangeExtension(file, ".json"))),
            $"bicep build wrote no template for {file}:\n{infrastructure.BuildBicep.Output}");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_passes_the_linter_without_warnings(string file) =>
        AssertNoDiagnostics(infrastructure.LintBicep, file);

    [Theory]
    [MemberData(nameof(BicepParamFiles))]
    public void Parameter_file_builds_without_warnings(string file)
    {
        AssertNoDiagnostics(infrastructure.BuildBicepParams, file);
        Assert.True(
            File.Exists(Path.Combine(infrastructure.OutputDirectory, Path.ChangeExtension(file, ".json"))),
            $"bicep build-params wrote no parameters for {file}:\n{infrastructure.BuildBicepParams.Output}");
    }

    [Theory]
    [MemberData(nameof(BicepParamFiles))]
    public void Parameter_file_passes_the_linter_without_warnings(string file) =>
        AssertNoDiagnostics(infrastructure.LintBicepParams, file);

    [Theory]
    [MemberData(nameof(BicepFiles))]
    [MemberData(nameof(BicepParamFiles))]
    public void File_is_formatted_as_bicep_format_writes_it(string file)
    {
        Assert.Equal(0, infrastructure.Format.ExitCode);
        var formatted = File.ReadAllText(Path.Combine(infrastructure.FormattedDirectory, file));
        Assert.True(formatted == Repository.ReadFile($"infra/{file}"), $"Run: bicep format infra/{file}");
    }

    [Fact]
    public void Every_bicep_cli_run_succeeds_and_prints_no_diagnostic()
    {
        output.WriteLine($"Bicep CLI: {infrastructure.Elapsed.TotalSeconds:F1} s for all runs, side by side.");
        foreach (var run in infrastructure.AllRuns)
        {
            output.WriteLine($"  bicep {run.Command}: {run.Duration.TotalSeconds:F1} s");
            Assert.True(run.ExitCode == 0, $"bicep {run.Command} exited with {run.ExitCode}:\n{run.Output}");
            Assert.True(run.Diagnostics.Count == 0, $"bicep {run.Command} printed diagnostics:\n{run.Output}");
        }
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Snapshot_of_the_environment_has_no_diagnostic(string environment)
    {
        var diagnostics = JsonNode.Parse(infrastructure.Snapshot(environment).Text)?["diagnostics"]?.AsArray() ?? [];
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Linter_rules_are_errors_except_the_two_that_depend_on_the_date_or_a_registry()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var config = JsonNode.Parse(Repository.ReadFile("infra/bicepconfig.json"), documentOptions: options)!;
        var core = config["analyzers"]!["core"]!;
        Assert.True((bool?)core["enabled"]);

        var levels = core["rules"]!.AsObject().ToDictionary(rule => rule.Key, rule => (string?)rule.Value!["level"]);
        string[] switchedOff = ["use-recent-api-versions", "use-recent-module-versions"];
        Assert.All(levels.Where(rule => !switchedOff.Contains(rule.Key)), rule => Assert.Equal("error", rule.Value));
        Assert.All(switchedOff, rule => Assert.Equal("off", levels[rule]));
        Assert.True(levels.Count > 30, "The linter configuration lost its rules.");
    }

    private void AssertNoDiagnostics(BicepRun run, string file)
    {
        var diagnostics = run.DiagnosticsFor(Path.Combine(infrastructure.InfraDirectory, file)).ToArray();
        Assert.True(diagnostics.Length == 0, $"bicep {run.Command}, {file}:\n{string.Join('\n', diagnostics.Select(d => d.ToString()))}");
    }
}
