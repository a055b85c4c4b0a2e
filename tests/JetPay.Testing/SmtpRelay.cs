using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace JetPay.Testing;

/// <summary>
/// A loopback TCP relay in front of an SMTP server: counts the connections it accepts and can cut them, as a server
/// or a network does to idle clients, and can hold each of the server's answers back (<see cref="ReplyDelay"/>): a
/// server slow to say it took a message, so that an instance killed meanwhile leaves it taken but not recorded as sent.
/// </summary>
public sealed class SmtpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly ConcurrentDictionary<RelayedConnection, byte> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _accepted;

    private SmtpRelay(int serverPort, TimeSpan replyDelay)
    {
        _serverPort = serverPort;
        ReplyDelay = replyDelay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections clients have opened through the relay so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>How many of them are still open on both sides.</summary>
    public int OpenConnections => _open.Count;

    /// <summary>How long each answer of the server is held back before the client gets it; none by default.</summary>
    public TimeSpan ReplyDelay { get; }

    public static SmtpRelay Start(int serverPort, TimeSpan replyDelay = default) => new(serverPort, replyDelay);

    /// <summary>Closes every open connection on both sides: the client sees its connection end.</summary>
    public void CutAll()
    {
        foreach (var connection in _open.Keys)
        {
            connection.Close();
        }
    }

    /// <summary>
    /// Closes the server's side of every open connection but leaves the client's open, as a dead NAT entry or a
    /// firewall that drops idle flows does: the client notices only when it next speaks.
    /// </summary>
    public void CutServerSidesSilently()
    {
        foreach (var connection in _open.Keys)
        {
            connection.CloseServerSide();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            var connection = new RelayedConnection(client, server, ReplyDelay);
            _open.TryAdd(connection, 0);
            _ = connection.RunAsync().ContinueWith(_ => _open.TryRemove(connection, out byte _), TaskScheduler.Default);
        }
    }

    private sealed class RelayedConnection(TcpClient client, TcpClient server, TimeSpan replyDelay)
    {
        private volatile bool _silent;

        public async Task RunAsync()
        {
            var toServer = PumpAsync(client.GetStream(), server.GetStream(), TimeSpan.Zero, closeOnEnd: () => true);
            var toClient = PumpAsync(server.GetStream(), client.GetStream(), replyDelay, closeOnEnd: () => !_silent);
            await Task.WhenAll(toServer, toClient);
        }

        public void Close()
        {
            client.Dispose();
            server.Dispose();
        }

        public void CloseServerSide()
        {
            _silent = true;
            server.Dispose();
        }

        /// <summary>Copies one direction until it ends or fails, then closes both sides unless told otherwise.</summary>
        private async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan delay, Func<bool> closeOnEnd)
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer)) > 0)
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay);
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                // one side is gone
            }

            if (closeOnEnd())
            {
                Close();
            }
        }
    }
}
