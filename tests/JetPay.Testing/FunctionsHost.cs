using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace JetPay.Testing;

/// <summary>What a <see cref="FunctionsHost"/> is started with besides its app settings.</summary>
public sealed record FunctionsHostOptions
{
    /// <summary>The port <c>func start</c> listens on; one the OS offers when not set.</summary>
    public int? Port { get; init; }

    /// <summary><c>--enableAuth</c>: function keys are asked for, as in Azure.</summary>
    public bool EnableAuth { get; init; }

    /// <summary><c>Host.CORS</c> of the app's <c>local.settings.json</c> (comma-separated origins), if any.</summary>
    public string? Cors { get; init; }
}

/// <summary>
/// The Functions app on the genuine Functions host: <c>func start --no-build</c> over a copy of the app's build output
/// (next to the running test's configuration), in its own process group, on a loopback port. The copy carries a
/// <c>local.settings.json</c> of its own, so a developer's file never leaks into a test; app settings are handed over
/// as environment variables, which <c>func start</c> ranks above the file, as Azure ranks app settings.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private static readonly string[] QuietCategories = ["Azure.Core", "Microsoft.AspNetCore", "System.Net.Http.HttpClient", "Azure.Messaging"];

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly FunctionsHostOptions _options;
    private readonly string _scriptRoot = Directory.CreateTempSubdirectory("func-app-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public FunctionsHost(IReadOnlyDictionary<string, string> settings, FunctionsHostOptions? options = null)
    {
        _settings = settings;
        _options = options ?? new FunctionsHostOptions();
        BaseAddress = new Uri($"http://127.0.0.1:{_options.Port ?? FreePorts.Next()}");
        CopyApp();
    }

    public Uri BaseAddress { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process id of the Functions host (<c>func</c>; the worker is its child), while it runs.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Every line <c>func</c> and the worker wrote since the first start, host and app logs alike.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>The largest request body the Functions host takes before the worker sees it.</summary>
    public const string RequestBodySizeLimitSetting = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";

    /// <summary>A value of <c>local.settings.example.json</c>, the settings a developer starts from.</summary>
    public static string ExampleSetting(string name) =>
        (string?)JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("local.settings.example.json")))!["Values"]![name]
        ?? throw new InvalidOperationException($"local.settings.example.json sets no {name}.");

    /// <summary>The app's build output (the solution build makes it): <c>src/JetPayFunctions/bin/{configuration}/net10.0</c>.</summary>
    public static string AppDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return RepositoryRoot.Combine("src", "JetPayFunctions", "bin", configuration, "net10.0");
        }
    }

    /// <summary><c>func</c> on <c>PATH</c>, else the one <c>npm ci</c> put in <c>node_modules/.bin</c>.</summary>
    public static string FindFunc()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "func.cmd", "func.exe" } : ["func"];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(RepositoryRoot.Combine("node_modules", ".bin"));
        foreach (var directory in directories)
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Azure Functions Core Tools ('func', version 4) were not found on PATH nor in node_modules/.bin, and every test of the app runs on them. "
            + "Install them (npm ci installs them with Node.js 22 or newer and internet access; or 'npm install -g azure-functions-core-tools@4', "
            + "or see https://learn.microsoft.com/azure/azure-functions/functions-run-local), or put a folder holding 'func' on PATH.");
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(UsesProcessGroups ? "setsid" : FindFunc())
        {
            WorkingDirectory = _scriptRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (UsesProcessGroups)
        {
            start.ArgumentList.Add(FindFunc()); // setsid execs it: func leads a process group of its own, with its worker
        }

        foreach (var argument in new[] { "start", "--no-build", "--port", BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (_options.EnableAuth)
        {
            start.ArgumentList.Add("--enableAuth");
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["FUNCTIONS_CORETOOLS_TELEMETRY_OPTOUT"] = "1";
        foreach (var category in QuietCategories)
        {
            start.Environment[$"Logging__LogLevel__{category}"] = "Warning";
        }

        // The host's own body limit, as the example settings and the Bicep set it.
        start.Environment[RequestBodySizeLimitSetting] = ExampleSetting(RequestBodySizeLimitSetting);

        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("func did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await WaitUntilServingAsync().ConfigureAwait(false);
        }
        catch
        {
            await KillAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the host as Ctrl-C does (SIGTERM): it drains, then stops its worker.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Signal(_process.Id, "TERM");
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // did not stop in time: killed below
            }
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Ends <c>func</c> and its worker at once (SIGKILL to the process group), as a crash of the instance would.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (UsesProcessGroups)
        {
            Signal(-_process.Id, "KILL");
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_scriptRoot, recursive: true);
        }
        catch (IOException)
        {
            // a worker that outlived its host may still hold a file; the temp folder is cleaned up later
        }
    }

    private static bool UsesProcessGroups => OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid");

    // kill(1): .NET sends only SIGKILL, and only to a process, not to a group.
    private static void Signal(int pid, string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-s", signal, "--", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(start)!;
        kill.WaitForExit();
    }

    private void CopyApp()
    {
        var source = AppDirectory;
        if (!File.Exists(Path.Combine(source, "JetPayFunctions.dll")))
        {
            throw new InvalidOperationException($"The Functions app is not built at {source}: build the solution first (npm test does).");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative == "local.settings.json")
            {
                continue;
            }

            var target = Path.Combine(_scriptRoot, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var localSettings = new JsonObject
        {
            ["IsEncrypted"] = false,
            ["Values"] = new JsonObject { ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated" },
        };
        if (_options.Cors is not null)
        {
            localSettings["Host"] = new JsonObject { ["CORS"] = _options.Cors, ["CORSCredentials"] = false };
        }

        File.WriteAllText(Path.Combine(_scriptRoot, "local.settings.json"), localSettings.ToJsonString());
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    // Serving means the worker answers GET /api/health (anonymous): healthy or not, in JSON; the host's own 404 before the
    // functions are indexed is neither.
    private async Task WaitUntilServingAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"func exited with code {_process.ExitCode} while starting:\n{Tail()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(BaseAddress, "/api/health")).ConfigureAwait(false);
                if (response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.ServiceUnavailable
                    && response.Content.Headers.ContentType?.MediaType == "application/json")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"func did not serve the app within two minutes:\n{Tail()}");
    }

    private string Tail() => string.Join('\n', _output.TakeLast(60));
}
