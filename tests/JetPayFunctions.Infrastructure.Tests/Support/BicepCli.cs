using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which restore brings into the
/// NuGet cache; the project file passes its path to the tests as assembly metadata.
/// </summary>
public sealed partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // One CLI run per core at most: more only makes them fight over the CPU.
    private static readonly SemaphoreSlim Cores = new(Math.Max(1, Environment.ProcessorCount));

    private BicepCli(string path) => ExecutablePath = path;

    public string ExecutablePath { get; }

    public static BicepCli Locate()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                "The infrastructure tests run the Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, " +
                $"which runs on linux-x64 only; this machine is {RuntimeInformation.RuntimeIdentifier}. " +
                "Run them on linux-x64 (as CI does), for example in WSL or a Linux container.");
        }

        var path = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepCliPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at '{path}'. It comes with the package Azure.Bicep.CommandLine.linux-x64: run 'dotnet restore'.");
        }

        // NuGet may extract the binary without its execute bit.
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }

        return new BicepCli(path);
    }

    /// <summary>Runs the CLI in <paramref name="workingDirectory"/> with exactly the given deployment inputs in its environment.</summary>
    public async Task<BicepRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> inputs, params string[] arguments)
    {
        await Cores.WaitAsync();
        try
        {
            return await RunExclusiveAsync(workingDirectory, inputs, arguments);
        }
        finally
        {
            Cores.Release();
        }
    }

    private async Task<BicepRun> RunExclusiveAsync(string workingDirectory, IReadOnlyDictionary<string, string> inputs, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A developer's own JETPAY_SECRET_KEY and the like must not leak into what the tests see.
        foreach (var name in DeploymentInputs.VariableNames)
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in inputs)
        {
            startInfo.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}.");
        }

        var output = new StringBuilder().Append(await standardOutput).Append(await standardError).ToString();
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, output, stopwatch.Elapsed);
    }

    [GeneratedRegex(@"^(?<path>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>\w+) (?<code>[^:\s]+): (?<message>.*)$", RegexOptions.Multiline)]
    internal static partial Regex DiagnosticLine();
}

/// <summary>One run of the Bicep CLI: its exit code, everything it printed, and the diagnostics therein.</summary>
public sealed record BicepRun(string Command, int ExitCode, string Output, TimeSpan Duration)
{
    public IReadOnlyList<BicepDiagnostic> Diagnostics { get; } =
        [.. BicepCli.DiagnosticLine().Matches(Output).Select(match => new BicepDiagnostic(
            match.Groups["path"].Value,
            int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            match.Groups["level"].Value,
            match.Groups["code"].Value,
            match.Groups["message"].Value.TrimEnd()))];

    /// <summary>The diagnostics about one file, given by its absolute path.</summary>
    public IEnumerable<BicepDiagnostic> DiagnosticsFor(string path) =>
        Diagnostics.Where(diagnostic => string.Equals(Path.GetFullPath(diagnostic.Path), Path.GetFullPath(path), StringComparison.Ordinal));
}

public sealed record BicepDiagnostic(string Path, int Line, string Level, string Code, string Message)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}({Line}) {Level} {Code}: {Message}";
}
