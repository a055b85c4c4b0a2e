using System.Net.Sockets;
using MailKit.Net.Smtp;

namespace JetPay.Payments.Notifications;

/// <summary>One connected, authenticated SMTP client of a <see cref="SmtpConnectionPool"/>, lent to one send at a time.</summary>
public sealed class SmtpConnection
{
    private readonly Socket _socket;
    private int _leased;

    internal SmtpConnection(SmtpClient client, Socket socket)
    {
        Client = client;
        _socket = socket;
    }

    public SmtpClient Client { get; }

    /// <summary>Whether this connection sent an earlier message (and so may have been dropped while it was idle).</summary>
    public bool IsReused { get; private set; }

    internal DateTimeOffset IdleSince { get; set; }

    /// <summary>
    /// Whether the connection still looks usable: MailKit saw no failure, and the socket has nothing to read. An idle
    /// SMTP connection that has is closed (end of stream), reset, or carries a reply nobody asked for.
    /// </summary>
    internal bool IsOpen
    {
        get
        {
            try
            {
                return Client.IsConnected && !_socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    internal void StartLease(bool reused)
    {
        IsReused = reused;
        _leased = 1;
    }

    /// <summary>Guards the pool's count of connections in use against a connection given back twice.</summary>
    internal void EndLease()
    {
        if (Interlocked.Exchange(ref _leased, 0) == 0)
        {
            throw new InvalidOperationException("This SMTP connection was already given back to the pool.");
        }
    }
}
