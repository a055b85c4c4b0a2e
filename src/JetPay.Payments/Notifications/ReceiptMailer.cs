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
/// Sends e-mail through the configured SMTP server with MailKit: a new connection per message, TLS as
/// <see cref="SmtpOptions.UseTls"/> says, authentication when a user name is set. Transient failures (the server cannot
/// be reached, drops the connection, or answers 4xx) are retried in-process with exponential backoff and jitter;
/// a permanent one (5xx, authentication, TLS) is not. The whole send, retries included, is cut off after
/// <see cref="TotalTimeout"/>, so that it stays well inside a delivery's lease.
/// </summary>
public partial class ReceiptMailer
{
    /// <summary>How long one SMTP command may take.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a send may take in all, retries included.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(30);

    private readonly IOptions<NotificationsOptions> _options;
    private readonly ResiliencePipeline _pipeline;

    public ReceiptMailer(IOptions<NotificationsOptions> options, TimeProvider timeProvider, ILogger<ReceiptMailer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
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
                OnRetry = retry =>
                {
                    LogRetrying(logger, retry.AttemptNumber + 1, retry.RetryDelay, retry.Outcome.Exception?.GetType().Name ?? "failure");
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
        var smtp = _options.Value.Smtp;
        var host = smtp.Host ?? throw new InvalidOperationException("Setting 'Notifications__Smtp__Host' is not set: e-mail is off.");
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
                    await client.ConnectAsync(host, smtp.Port, SocketOptions(smtp), token).ConfigureAwait(false);
                    if (!string.IsNullOrEmpty(smtp.UserName))
                    {
                        await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, token).ConfigureAwait(false);
                    }

                    await client.SendAsync(message, token).ConfigureAwait(false);
                    await client.DisconnectAsync(quit: true, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"The SMTP server did not take the message within {TotalTimeout.TotalSeconds:0} s.", ex);
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

    private static SecureSocketOptions SocketOptions(SmtpOptions smtp) => smtp.UseTls switch
    {
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTls.None => SecureSocketOptions.None,
        SmtpTls.Required => smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };
}
