using System.Net.Sockets;
using JetPay.Payments.Notifications;
using JetPay.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace JetPay.Payments.Tests.Notifications;

/// <summary>
/// The mailer against a real SMTP server (MailDev) behind a relay that counts and cuts connections. Retries wait a
/// minute, longer than a send may take in all (30 s): a send that succeeds after a retry proves the retry did not wait.
/// </summary>
public sealed class ReceiptMailerTests(MailDevFixture mailDev) : IClassFixture<MailDevFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly FakeLogger<ReceiptMailer> _logger = new();

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new IOException("connection reset"), true },
        { new TimeoutException(), true },
        { new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ServiceNotAvailable, "421 try later"), true },
        { new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "550 no such user"), false },
        { new AuthenticationException("535 bad credentials"), false },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_that_may_pass_soon_are_retried_in_process(Exception failure, bool transient)
    {
        Assert.Equal(transient, ReceiptMailer.IsTransient(failure));
    }

    [Fact]
    public async Task Receipts_sent_one_after_another_share_one_connection()
    {
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 4);
        var mailer = Mailer(pool);

        for (var i = 0; i < 20; i++)
        {
            await mailer.SendAsync(Receipt(i), CancellationToken.None);
        }

        Assert.Equal(Numbers(0, 20), await DeliveredAsync(mailDev.Server, 20));
        Assert.Equal(1, relay.AcceptedConnections);
    }

    [Fact]
    public async Task Receipts_sent_in_parallel_open_no_more_connections_than_allowed_and_each_arrives_once()
    {
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 3);
        var mailer = Mailer(pool);

        await Parallel.ForEachAsync(
            Enumerable.Range(0, 30),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, token) => await mailer.SendAsync(Receipt(i), token));

        Assert.Equal(Numbers(0, 30), await DeliveredAsync(mailDev.Server, 30));
        Assert.InRange(relay.AcceptedConnections, 1, 3);
        Assert.Empty(_logger.Collector.GetSnapshot()); // no retries
    }

    [Fact]
    public async Task A_connection_the_server_closed_while_idle_is_not_reused()
    {
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 4);
        var mailer = Mailer(pool);
        await mailer.SendAsync(Receipt(0), CancellationToken.None);

        relay.CutAll();
        await Eventually.UntilAsync(() => Task.FromResult(relay.OpenConnections == 0), "the relay to close the connection", Patience);
        await mailer.SendAsync(Receipt(1), CancellationToken.None);

        Assert.Equal(Numbers(0, 2), await DeliveredAsync(mailDev.Server, 2));
        Assert.Equal(2, relay.AcceptedConnections);
        Assert.Empty(_logger.Collector.GetSnapshot()); // seen closed before use: not even a retry
    }

    [Fact]
    public async Task A_reused_connection_found_dead_only_when_used_is_retried_at_once_on_a_new_one_and_the_receipt_arrives_once()
    {
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 4);
        var mailer = Mailer(pool);
        await mailer.SendAsync(Receipt(0), CancellationToken.None);

        relay.CutServerSidesSilently();
        await mailer.SendAsync(Receipt(1), CancellationToken.None);

        Assert.Equal(Numbers(0, 2), await DeliveredAsync(mailDev.Server, 2));
        Assert.Equal(2, relay.AcceptedConnections);
        var retry = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.EndsWith("; try 2 in 00:00:00", retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_refusal_is_not_retried_and_its_connection_is_not_reused()
    {
        await using var strict = await MailDevServer.StartAsync("--max-message-size", "4096");
        await using var relay = SmtpRelay.Start(strict.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 4);
        var mailer = Mailer(pool);
        await mailer.SendAsync(Receipt(0), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => mailer.SendAsync(Receipt(1, new string('x', 10_000)), CancellationToken.None));
        await mailer.SendAsync(Receipt(2), CancellationToken.None);

        Assert.InRange((int)refused.StatusCode, 500, 599);
        Assert.Equal([0, 2], await DeliveredAsync(strict, 2));
        Assert.Equal(2, relay.AcceptedConnections);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task A_connection_idle_longer_than_the_limit_is_closed_and_replaced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 4, time);
        var mailer = Mailer(pool, time);
        await mailer.SendAsync(Receipt(0), CancellationToken.None);
        time.Advance(SmtpConnectionPool.IdleLimit);
        await mailer.SendAsync(Receipt(1), CancellationToken.None); // still within the limit: reused

        time.Advance(SmtpConnectionPool.IdleLimit + TimeSpan.FromSeconds(1));
        await mailer.SendAsync(Receipt(2), CancellationToken.None);

        Assert.Equal(Numbers(0, 3), await DeliveredAsync(mailDev.Server, 3));
        Assert.Equal(2, relay.AcceptedConnections);
        await Eventually.UntilAsync(() => Task.FromResult(relay.OpenConnections == 1), "the expired connection to be closed", Patience);
    }

    [Fact]
    public async Task A_send_waits_for_a_busy_connection_no_longer_than_the_total_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        await using var pool = Pool(relay, maxConnections: 1, time);
        var mailer = Mailer(pool, time);
        var busy = await pool.BorrowAsync(CancellationToken.None);

        var waiting = mailer.SendAsync(Receipt(0), CancellationToken.None);
        time.Advance(ReceiptMailer.TotalTimeout);

        await Assert.ThrowsAsync<TimeoutException>(() => waiting);
        pool.Return(busy);
        await mailer.SendAsync(Receipt(1), CancellationToken.None);
        Assert.Equal([1], await DeliveredAsync(mailDev.Server, 1));
        Assert.Equal(1, relay.AcceptedConnections);
    }

    [Fact]
    public async Task Shutdown_closes_the_idle_connections()
    {
        await using var relay = SmtpRelay.Start(mailDev.Server.SmtpPort);
        var pool = Pool(relay, maxConnections: 4);
        var mailer = Mailer(pool);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => mailer.SendAsync(Receipt(i), CancellationToken.None)));
        Assert.NotEqual(0, relay.OpenConnections);

        await pool.DisposeAsync();

        await Eventually.UntilAsync(() => Task.FromResult(relay.OpenConnections == 0), "the pool to close its connections", Patience);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => mailer.SendAsync(Receipt(3), CancellationToken.None));
    }

    private static SmtpConnectionPool Pool(SmtpRelay relay, int maxConnections, TimeProvider? time = null) =>
        new(Options.Create(Settings(relay.Port, maxConnections)), time ?? TimeProvider.System);

    private static NotificationsOptions Settings(int port, int maxConnections) => new()
    {
        Smtp = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            From = "JetPay Test Shop <payments@shop.example>",
            UseTls = SmtpTls.None,
            MaxConnections = maxConnections,
        },
        Retries = 2,
        RetryDelay = TimeSpan.FromMinutes(1),
    };

    private static List<int> Numbers(int start, int count) => [.. Enumerable.Range(start, count)];

    private ReceiptMailer Mailer(SmtpConnectionPool pool, TimeProvider? time = null) =>
        new(Options.Create(Settings(0, 1)), pool, time ?? TimeProvider.System, _logger);

    private MimeMessage Receipt(int number, string text = "Paid.")
    {
        var message = new MimeMessage
        {
            Subject = $"{_run} receipt {number}",
            Body = new TextPart("plain") { Text = text },
        };
        message.From.Add(MailboxAddress.Parse("payments@shop.example"));
        message.To.Add(MailboxAddress.Parse($"customer{number}@example.com"));
        return message;
    }

    /// <summary>The numbers of this test's receipts that arrived, sorted, once they are <paramref name="expected"/> or more.</summary>
    private async Task<List<int>> DeliveredAsync(MailDevServer server, int expected)
    {
        List<int> numbers = [];
        await Eventually.UntilAsync(
            async () =>
            {
                numbers = [.. (await server.EmailsAsync())
                    .Where(email => email.Subject.StartsWith(_run, StringComparison.Ordinal))
                    .Select(email => int.Parse(email.Subject[(_run.Length + " receipt ".Length)..], System.Globalization.CultureInfo.InvariantCulture))
                    .Order()];
                return numbers.Count >= expected;
            },
            $"{expected} receipts",
            Patience);
        return numbers;
    }
}
