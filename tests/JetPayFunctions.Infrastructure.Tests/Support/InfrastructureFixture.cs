using System.Diagnostics;

namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>
/// Copies infra/ to a temporary folder and runs the Bicep CLI over it once for all tests: lint and build of every
/// .bicep and .bicepparam file, and a snapshot (the predicted resources) of main.bicep for each environment.
/// Working on a copy keeps the build output and snapshot files out of the repository.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string TenantId = "00000000-0000-0000-0000-0000000000b2";
    public const string ResourceGroup = "rg-jetpay-tests";
    public const string Location = "westeurope";

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), $"jetpay-infra-tests-{Guid.NewGuid():N}");
    private readonly Dictionary<string, DeploymentSnapshot> _snapshots = new(StringComparer.Ordinal);
    private ArmTemplate? _mainTemplate;

    public string InfraDirectory => Path.Combine(_workDirectory, "infra");

    public string OutputDirectory => Path.Combine(_workDirectory, "out");

    /// <summary>A second copy of infra/, formatted in place by `bicep format`.</summary>
    public string FormattedDirectory => Path.Combine(_workDirectory, "formatted");

    public BicepRun LintBicep { get; private set; } = null!;

    public BicepRun LintBicepParams { get; private set; } = null!;

    public BicepRun BuildBicep { get; private set; } = null!;

    public BicepRun BuildBicepParams { get; private set; } = null!;

    public BicepRun Format { get; private set; } = null!;

    public IReadOnlyList<BicepRun> SnapshotRuns { get; private set; } = [];

    public IReadOnlyList<BicepRun> AllRuns => [LintBicep, LintBicepParams, BuildBicep, BuildBicepParams, Format, .. SnapshotRuns];

    /// <summary>The compiled main.bicep, modules included.</summary>
    public ArmTemplate MainTemplate =>
        _mainTemplate ?? throw new InvalidOperationException($"main.bicep did not build:\n{BuildBicep.Output}");

    /// <summary>How long the Bicep CLI runs took, all together.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>
    /// The inputs each environment is predicted with: dev with every optional input set, prod with only the required
    /// ones, so that both the "everything on" and the "nothing optional" shapes are checked.
    /// </summary>
    public static IReadOnlyDictionary<string, string> InputsFor(string environment) =>
        DeploymentCases.TryGetValue(environment, out var deploymentCase) ? deploymentCase.Inputs
        : environment == "dev" ? DeploymentInputs.Everything : DeploymentInputs.Required;

    /// <summary>
    /// Deployments predicted besides each environment's own, from a copy of an environment's parameter file:
    /// <c>dev-redeploy</c> is dev deployed again with e-mail and webhooks still on but their secrets not given again.
    /// </summary>
    public static IReadOnlyDictionary<string, (string Environment, IReadOnlyDictionary<string, string> Inputs)> DeploymentCases { get; } =
        new Dictionary<string, (string, IReadOnlyDictionary<string, string>)>(StringComparer.Ordinal)
        {
            ["dev-redeploy"] = ("dev", DeploymentInputs.Everything
                .Where(input => input.Key is not ("SMTP_PASSWORD" or "WEBHOOK_SECRET" or "WEBHOOK_PREVIOUS_SECRET" or "JETPAY_PREVIOUS_SECRET_KEY"))
                .ToDictionary(input => input.Key, input => input.Value)),
        };

    public DeploymentSnapshot Snapshot(string environment) =>
        _snapshots.TryGetValue(environment, out var snapshot)
            ? snapshot
            : throw new InvalidOperationException(
                $"No snapshot of '{environment}':\n{SnapshotRuns.FirstOrDefault(run => run.Command.Contains($"env/{environment}.", StringComparison.Ordinal))?.Output}");

    public async Task InitializeAsync()
    {
        var bicep = BicepCli.Locate();
        CopyDirectory(Repository.InfraDirectory, InfraDirectory);
        CopyDirectory(Repository.InfraDirectory, FormattedDirectory);
        foreach (var (name, deploymentCase) in DeploymentCases)
        {
            File.Copy(Path.Combine(InfraDirectory, "env", $"{deploymentCase.Environment}.bicepparam"), Path.Combine(InfraDirectory, "env", $"{name}.bicepparam"));
        }
        Directory.CreateDirectory(OutputDirectory);

        var stopwatch = Stopwatch.StartNew();
        var inputs = DeploymentInputs.Everything;
        var lintBicep = bicep.RunAsync(InfraDirectory, inputs, "lint", "--pattern", "**/*.bicep");
        var lintParams = bicep.RunAsync(InfraDirectory, inputs, "lint", "--pattern", "**/*.bicepparam");
        var build = bicep.RunAsync(InfraDirectory, inputs, "build", "--pattern", "**/*.bicep", "--outdir", OutputDirectory);
        var buildParams = bicep.RunAsync(InfraDirectory, inputs, "build-params", "--pattern", "**/*.bicepparam", "--outdir", OutputDirectory);
        var format = bicep.RunAsync(FormattedDirectory, inputs, "format", "--pattern", "**/*.bicep*");
        var snapshots = Repository.Environments.Concat(DeploymentCases.Keys)
            .Select(environment => bicep.RunAsync(
                InfraDirectory,
                InputsFor(environment),
                "snapshot", $"env/{environment}.bicepparam",
                "--mode", "overwrite",
                "--subscription-id", SubscriptionId,
                "--tenant-id", TenantId,
                "--resource-group", ResourceGroup,
                "--location", Location))
            .ToArray();

        LintBicep = await lintBicep;
        LintBicepParams = await lintParams;
        BuildBicep = await build;
        BuildBicepParams = await buildParams;
        Format = await format;
        SnapshotRuns = await Task.WhenAll(snapshots);
        Elapsed = stopwatch.Elapsed;

        var mainJson = Path.Combine(OutputDirectory, "main.json");
        if (File.Exists(mainJson))
        {
            _mainTemplate = ArmTemplate.Load(mainJson);
        }

        foreach (var environment in Repository.Environments.Concat(DeploymentCases.Keys))
        {
            var path = Path.Combine(InfraDirectory, "env", $"{environment}.snapshot.json");
            if (File.Exists(path))
            {
                _snapshots[environment] = DeploymentSnapshot.Parse(environment, await File.ReadAllTextAsync(path));
            }
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_workDirectory))
        {
            Directory.Delete(_workDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "Infrastructure";
}
