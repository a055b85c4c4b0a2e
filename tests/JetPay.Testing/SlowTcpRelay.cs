using System.Net;
using System.Net.Sockets;

namespace JetPay.Testing;

/// <summary>
/// A loopback TCP relay in front of a server whose every answer it holds back for <see cref="ReplyDelay"/>: an SMTP
/// server that is slow to say it took a message, so that an instance killed meanwhile leaves the message taken but
/// not recorded as sent.
/// </summary>
public sealed class SlowTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;

    private SlowTcpRelay(int serverPort, TimeSpan replyDelay)
    {
        _serverPort = serverPort;
        ReplyDelay = replyDelay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TimeSpan ReplyDelay { get; set; }

    public static SlowTcpRelay Start(int serverPort, TimeSpan replyDelay) => new(serverPort, replyDelay);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(s => s.Dispose());
        }

        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stopping.Token).ConfigureAwait(false);
            await Task.WhenAll(
                PumpAsync(client.GetStream(), server.GetStream(), delayed: false),
                PumpAsync(server.GetStream(), client.GetStream(), delayed: true)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // one side is gone
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token).ConfigureAwait(false)) > 0)
            {
                if (delayed)
                {
                    await Task.Delay(ReplyDelay, _stopping.Token).ConfigureAwait(false);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // already closed
            }
        }
    }
}
