using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Sends e-mail through the configured SMTP server with MailKit, over a connection borrowed from the
/// <see cref="SmtpConnectionPool"/>: TLS as <see cref="SmtpOptions.UseTls"/> says, authentication when a user name is set.
/// Transient failures (the server cannot be reached, drops the connection, or answers 4xx) are retried in-process with
/// exponential backoff and jitter, on a new connection; a reused connection that turns out to be dropped is retried at
/// once. A permanent failure (5xx, authentication, TLS) is not retried. A message the server accepted is never sent
/// again: nothing that can fail follows the send. The whole send, waiting for a connection and retries included, is
/// cut off after <see cref="TotalTimeout"/>, so that it stays well inside a delivery's lease.
/// </summary>
public partial class ReceiptMailer
{
    /// <summary>How long one SMTP command may take.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a send may take in all, retries included: well inside a delivery's lease (30 s by default).</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Set by an attempt whose reused connection was found dropped: the retry on a new one need not wait.</summary>
    private static readonly ResiliencePropertyKey<bool> DroppedWhileIdle = new("smtp.dropped-while-idle");

    private readonly IOptions<NotificationsOptions> _options;
    private readonly SmtpConnectionPool _connections;
    private readonly ResiliencePipeline _pipeline;

    public ReceiptMailer(IOptions<NotificationsOptions> options, SmtpConnectionPool connections, TimeProvider timeProvider, ILogger<ReceiptMailer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connections);
        _options = options;
        _connections = connections;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(TotalTimeout);
        if (options.Value.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Value.Retries,
                Delay = options.Value.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                DelayGenerator = static retry => ValueTask.FromResult<TimeSpan?>(
                    retry.Context.Properties.GetValue(DroppedWhileIdle, false) ? TimeSpan.Zero : null),
                OnRetry = retry =>
                {
                    // AttemptNumber counts from 0 and names the try that failed; the log names the next one.
                    LogRetrying(logger, retry.AttemptNumber + 2, retry.RetryDelay, retry.Outcome.Exception?.GetType().Name ?? "failure");
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>The sender configured as <c>Notifications__Smtp__From</c>.</summary>
    public MailboxAddress From => MailboxAddress.Parse(_options.Value.Smtp.From ?? throw new InvalidOperationException("Setting 'Notifications__Smtp__From' is not set."));

    public virtual async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = _options.Value.Smtp.Host ?? throw new InvalidOperationException("Setting 'Notifications__Smtp__Host' is not set: e-mail is off.");
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    context.Properties.Set(DroppedWhileIdle, false);
                    var connection = await state.Connections.BorrowAsync(context.CancellationToken).ConfigureAwait(false);
                    try
                    {
                        await connection.Client.SendAsync(state.Message, context.CancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        state.Connections.Discard(connection, ex);
                        context.Properties.Set(DroppedWhileIdle, connection.IsReused && SmtpConnectionPool.IsDropped(ex));
                        throw;
                    }

                    // Accepted (250 after DATA): from here on nothing may fail and cause a second send.
                    state.Connections.Return(connection);
                },
                context,
                (Connections: _connections, Message: message)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"The SMTP server did not take the message within {TotalTimeout.TotalSeconds:0} s.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether trying again soon may help.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        AuthenticationException or SslHandshakeException => false,
        SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP send failed ({Failure}); try {Try} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int @try, TimeSpan delay, string failure);
}
