using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using JetPay.Testing;

namespace JetPay.EndToEnd.Tests;

/// <summary>A node script of the repository (or of its npm packages), run until disposed, then killed with its children.</summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process) => _process = process;

    /// <summary>Everything the script printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="script">Path from the repository root, e.g. <c>node_modules/maildev/dist/bin/maildev.js</c>.</param>
    /// <param name="arguments">The script's arguments.</param>
    public static NodeProcess Start(string script, params string[] arguments)
    {
        var path = RepositoryRoot.Combine(script.Split('/'));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{script} is missing: run 'npm ci' in the repository root first.");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"node {script} did not start.");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => node.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits for a line of output matching <paramref name="pattern"/> and returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in _output)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"No output matching {pattern} (exited: {_process.HasExited}):\n{Output}");
    }

    /// <summary>Waits for the script's "… listening on http://…" line, as the repository's servers print it, and returns the URL.</summary>
    public async Task<string> WaitForListeningUrlAsync(TimeSpan timeout) =>
        (await WaitForOutputAsync(ListeningOn(), timeout)).Groups["url"].Value;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [GeneratedRegex(@"listening on (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
