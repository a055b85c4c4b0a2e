using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace JetPay.Testing;

/// <summary>An e-mail as MailDev received it.</summary>
public sealed record ReceivedEmail(string Subject, IReadOnlyList<string> To, string Text, string? MessageId)
{
    /// <summary>When MailDev had the whole message (its clock, to the millisecond).</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}

/// <summary>
/// A real SMTP server for tests: MailDev 3 from the repository's npm packages (<c>npm ci</c>), on loopback ports picked
/// free, read back through its REST API (<c>GET /api/email</c>). Stopped with SIGKILL, like <see cref="AzuriteServer"/>.
/// </summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _api;

    private MailDevServer(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
    }

    public int SmtpPort { get; }

    public static async Task<MailDevServer> StartAsync()
    {
        var script = RepositoryRoot.Combine("node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException("MailDev is not installed: run 'npm ci' in the repository root first.");
        }

        // A port picked free can be taken again before MailDev binds it; then MailDev exits and another pair is tried.
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (smtpPort, webPort) = (FreePorts.Next(), FreePorts.Next());
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                script, "--silent",
                "--ip", "127.0.0.1", "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture),
                "--web-ip", "127.0.0.1", "--web", webPort.ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("MailDev did not start.");
            var output = new ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new MailDevServer(process, smtpPort, webPort);
            if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false))
            {
                return server;
            }

            failures.Add($"ports {smtpPort}/{webPort}: " + string.Join('\n', output));
            await server.DisposeAsync().ConfigureAwait(false);
        }

        throw new InvalidOperationException("MailDev did not start listening:\n" + string.Join("\n---\n", failures));
    }

    /// <summary>Every e-mail received so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> EmailsAsync()
    {
        var emails = await _api.GetFromJsonAsync<JsonArray>("api/email").ConfigureAwait(false) ?? [];
        return emails.Select(e => new ReceivedEmail(
                (string?)e!["subject"] ?? "",
                e["to"]?.AsArray().Select(a => (string?)a!["address"] ?? "").ToList() ?? [],
                (string?)e["text"] ?? "",
                e["headers"]?["message-id"]?.ToString())
            {
                ReceivedAt = DateTimeOffset.TryParse((string?)e["time"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            })
            .ToList();
    }

    /// <summary>Deletes every e-mail received so far.</summary>
    public async Task ClearAsync()
    {
        using var response = await _api.DeleteAsync(new Uri("api/email/all", UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

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

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        _api.Dispose();
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var health = await _api.GetAsync(new Uri("api/healthz", UriKind.Relative)).ConfigureAwait(false);
                using var smtp = new TcpClient();
                await smtp.ConnectAsync(IPAddress.Loopback, SmtpPort).ConfigureAwait(false);
                if (health.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException)
            {
                // not listening yet
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        return false;
    }
}
