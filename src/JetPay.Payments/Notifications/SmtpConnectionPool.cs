using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Connected and authenticated SMTP clients, kept between e-mails so that a send does not pay for TCP, TLS and AUTH
/// again: at most <see cref="SmtpOptions.MaxConnections"/> per app instance, in use or idle. A send borrows the most
/// recently used idle connection or opens one (waiting while all are busy), gives it back after a successful send and
/// discards it after any failure. An idle connection is not reused once it is older than <see cref="IdleLimit"/>, or
/// when its socket shows that the server closed it or said something unasked (such as <c>421</c> before closing).
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    /// <summary>How long a connection may sit idle and still be reused; servers drop idle clients after 30 s or more.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(20);

    /// <summary>How long shutdown waits for each idle connection's QUIT.</summary>
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(2);

    private readonly IOptions<NotificationsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private readonly List<SmtpConnection> _idle = []; // the most recently used last
    private bool _disposed;

    public SmtpConnectionPool(IOptions<NotificationsOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider;
        _slots = new SemaphoreSlim(options.Value.Smtp.MaxConnections);
    }

    /// <summary>
    /// Whether a failure means the connection itself is gone (closed, reset, or the server is closing it), rather than
    /// that the server refused this one message.
    /// </summary>
    public static bool IsDropped(Exception exception) => exception is
        IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    /// <summary>An idle connection that is still usable, or a new one; waits while <see cref="SmtpOptions.MaxConnections"/> are in use.</summary>
    public async Task<SmtpConnection> BorrowAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return TakeIdle() ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Keeps a connection that has just sent a message successfully for the next send.</summary>
    public void Return(SmtpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.EndLease();
        var keep = false;
        lock (_gate)
        {
            if (!_disposed && connection.Client.IsConnected)
            {
                connection.IdleSince = _timeProvider.GetUtcNow();
                _idle.Add(connection);
                keep = true;
            }
        }

        if (!keep)
        {
            connection.Client.Dispose();
        }

        _slots.Release();
    }

    /// <summary>
    /// Closes a connection after a failed send. When a reused connection turns out to be dropped, every connection that
    /// went idle before it is dropped too, most likely (it waited longer), and is closed as well.
    /// </summary>
    public void Discard(SmtpConnection connection, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(failure);
        connection.EndLease();
        connection.Client.Dispose();
        if (connection.IsReused && IsDropped(failure))
        {
            List<SmtpConnection> older;
            lock (_gate)
            {
                older = _idle.TakeWhile(idle => idle.IdleSince <= connection.IdleSince).ToList();
                _idle.RemoveRange(0, older.Count);
            }

            older.ForEach(idle => idle.Client.Dispose());
        }

        _slots.Release();
    }

    /// <summary>Says QUIT on every idle connection and closes it; connections in use are closed when they come back.</summary>
    public async ValueTask DisposeAsync()
    {
        List<SmtpConnection> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await Task.WhenAll(idle.Select(QuitAsync)).ConfigureAwait(false);
    }

    private static async Task QuitAsync(SmtpConnection connection)
    {
        using var quit = new CancellationTokenSource(QuitTimeout);
        try
        {
            await connection.Client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || IsDropped(ex))
        {
            // the server is gone already or slow to answer: the socket is closed below either way
        }
        finally
        {
            connection.Client.Dispose();
        }
    }

    private SmtpConnection? TakeIdle()
    {
        var stale = new List<SmtpConnection>();
        SmtpConnection? usable = null;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            while (usable is null && _idle.Count > 0)
            {
                var newest = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                if (now - newest.IdleSince <= IdleLimit && newest.IsOpen)
                {
                    usable = newest;
                }
                else
                {
                    stale.Add(newest);
                }
            }

            // The list is oldest first: what is left and past the limit will not be reused either.
            var expired = _idle.TakeWhile(idle => now - idle.IdleSince > IdleLimit).Count();
            stale.AddRange(_idle.Take(expired));
            _idle.RemoveRange(0, expired);
        }

        stale.ForEach(connection => connection.Client.Dispose());
        usable?.StartLease(reused: true);
        return usable;
    }

    private async Task<SmtpConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var smtp = _options.Value.Smtp;
        var host = smtp.Host ?? throw new InvalidOperationException("Setting 'Notifications__Smtp__Host' is not set: e-mail is off.");

        // The pool owns the socket so that it can see, before reusing a connection, whether the server has closed it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var client = new SmtpClient { Timeout = (int)ReceiptMailer.CommandTimeout.TotalMilliseconds };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(ReceiptMailer.CommandTimeout);
                try
                {
                    await socket.ConnectAsync(host, smtp.Port, connectTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The SMTP server did not accept a connection within {ReceiptMailer.CommandTimeout.TotalSeconds:0} s.");
                }
            }

            await client.ConnectAsync(socket, host, smtp.Port, SocketOptions(smtp), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }

        var connection = new SmtpConnection(client, socket);
        connection.StartLease(reused: false);
        return connection;
    }

    private static SecureSocketOptions SocketOptions(SmtpOptions smtp) => smtp.UseTls switch
    {
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTls.None => SecureSocketOptions.None,
        SmtpTls.Required => smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };
}
