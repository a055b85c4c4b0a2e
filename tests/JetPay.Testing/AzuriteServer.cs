using System.Diagnostics;
using System.Text.RegularExpressions;

namespace JetPay.Testing;

/// <summary>
/// A real Azurite (blob, queue, table) for one test run: in memory, on loopback, on ports the OS picks.
/// Started from the repository's npm packages (<c>npm ci</c>); stopped with SIGKILL, since Azurite may ignore gentler signals.
/// Reuse with <see cref="AzuriteFixture"/> so that a test class does not pay the start-up once per test.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    private const string AccountName = "devstoreaccount1";

    // Azurite's published well-known development key; it protects nothing.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly IReadOnlyList<Process> _processes;

    private AzuriteServer(IReadOnlyList<Process> processes, int blobPort, int queuePort, int tablePort)
    {
        _processes = processes;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>All three services in one process (Azurite's usual way), in memory or in <paramref name="dataDirectory"/>.</summary>
    public static async Task<AzuriteServer> StartAsync(int blobPort = 0, int queuePort = 0, int tablePort = 0, string? dataDirectory = null)
    {
        string[] arguments =
        [
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(tablePort),
            .. dataDirectory is null ? ["--inMemoryPersistence"] : new[] { "--location", dataDirectory },
        ];
        var (process, ports) = await StartProcessAsync("azurite.js", arguments, 3).ConfigureAwait(false);
        return new AzuriteServer([process], ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>
    /// Each service in its own process, in memory, as Azure runs them: apart. Azurite serves every request of a process
    /// on one thread, so in one process a queue message waits behind table writes; load runs use this.
    /// </summary>
    public static async Task<AzuriteServer> StartOnePerServiceAsync()
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var processes = new List<Process>();
        try
        {
            foreach (var service in new[] { "blob", "queue", "table" })
            {
                var port = FreePorts.Next(); // the table service does not report a port the OS picked
                var (process, _) = await StartProcessAsync(
                    Path.Combine(service, "main.js"),
                    [$"--{service}Host", "127.0.0.1", $"--{service}Port", Invariant(port), "--inMemoryPersistence"],
                    1).ConfigureAwait(false);
                processes.Add(process);
                ports[service] = port;
            }
        }
        catch
        {
            processes.ForEach(Kill);
            throw;
        }

        return new AzuriteServer(processes, ports["blob"], ports["queue"], ports["table"]);
    }

    /// <summary>Stops Azurite at once, as a storage outage would.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            Kill(process);
            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
        }
    }

    private static async Task<(Process Process, Dictionary<string, int> Ports)> StartProcessAsync(string script, string[] arguments, int services)
    {
        var path = RepositoryRoot.Combine(["node_modules", "azurite", "dist", "src", .. script.Split(Path.DirectorySeparatorChar)]);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException("Azurite is not installed: run 'npm ci' in the repository root first.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // --silent: no access log line per request, which costs Azurite's one thread more than some requests do.
        foreach (var argument in new[] { path, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--silent", "--disableTelemetry" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                lock (ports)
                {
                    ports[match.Groups["service"].Value] = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    if (ports.Count == services)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
        if (started != ready.Task)
        {
            Kill(process);
            throw new InvalidOperationException("Azurite did not start listening:\n" + string.Join('\n', output));
        }

        return (process, ports);
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    // "is successfully listening at http://127.0.0.1:<port>" from azurite.js; the single-service entry points word it
    // "successfully listens on http://127.0.0.1:<port>" (blob, queue) or "successfully started on 127.0.0.1:0" (table).
    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service (is successfully listening at|successfully listens on|successfully started on) (http://)?127\.0\.0\.1:(?<port>\d+)?")]
    private static partial Regex ListeningLine();
}
