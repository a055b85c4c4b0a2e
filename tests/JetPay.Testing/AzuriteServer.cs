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

    private readonly Process _process;

    private AzuriteServer(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
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

    public static async Task<AzuriteServer> StartAsync(int blobPort = 0, int queuePort = 0, int tablePort = 0, string? dataDirectory = null)
    {
        var script = RepositoryRoot.Combine("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException("Azurite is not installed: run 'npm ci' in the repository root first.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            // --silent: no access log line per request, which costs Azurite's one thread more than some requests do.
            script, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (dataDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataDirectory);
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
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
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

        return new AzuriteServer(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Stops Azurite at once, as a storage outage would.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

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

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
