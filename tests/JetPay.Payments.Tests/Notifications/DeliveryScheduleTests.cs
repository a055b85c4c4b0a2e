using System.Collections.Concurrent;
using Azure.Data.Tables;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Testing;
using System.Diagnostics.Metrics;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace JetPay.Payments.Tests.Notifications;

/// <summary>
/// The retry schedule on Azurite, with a fake clock: the queue's first attempt, then the sweep's, at the times the
/// schedule gives (within its jitter), until the delivery is sent or fails for good.
/// </summary>
public sealed class DeliveryScheduleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ScheduleText = "00:00:05,00:05:00,00:30:00";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_webhook_that_always_fails_is_tried_at_the_scheduled_times_within_the_jitter_and_then_fails_for_good_with_an_error_logged()
    {
        await using var world = await WorldAsync();
        using var retried = new MetricCollector<long>(world.Meters, PaymentMetrics.MeterName, PaymentMetrics.NotificationsRetried);
        using var failedCount = new MetricCollector<long>(world.Meters, PaymentMetrics.MeterName, PaymentMetrics.NotificationsFailed);
        world.Webhooks.FailAlways = true;
        var paymentId = await world.PaymentAsync("decline");

        await world.Sender.SendAsync(new PaymentNotification(paymentId.Value, "decline"), CancellationToken.None);
        var nominal = RetrySchedule.Parse(ScheduleText).Delays;
        for (var retry = 0; retry < nominal.Count; retry++)
        {
            var record = (await world.WebhookRecordAsync(paymentId, "decline"))!;
            Assert.Equal((DeliveryState.Pending, retry + 1), (record.State, record.Attempts));
            var wait = record.NextAttemptAt!.Value - record.LastAttemptAt!.Value;
            Assert.InRange(wait, nominal[retry] * 0.9, nominal[retry] * 1.1);

            world.Clock.Advance(wait - TimeSpan.FromMilliseconds(1));
            await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal(retry + 1, world.Webhooks.Posts.Count); // not yet due: nothing sent early

            world.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal(retry + 2, world.Webhooks.Posts.Count);
        }

        var failed = (await world.WebhookRecordAsync(paymentId, "decline"))!;
        Assert.Equal((DeliveryState.Failed, 4, null), (failed.State, failed.Attempts, failed.NextAttemptAt));
        Assert.Equal("The merchant's webhook endpoint answered HTTP 503.", failed.LastFailure);
        Assert.Single(world.Webhooks.Posts.Select(p => p.Id).Distinct());
        Assert.Single(world.Webhooks.Posts.Select(p => p.Body).Distinct());
        var error = Assert.Single(world.Logs.GetSnapshot(), l => l.Level == LogLevel.Error);
        Assert.Equal($"Gave up on the webhook notification of 'decline' for payment {paymentId.Value} after 4 attempts: The merchant's webhook endpoint answered HTTP 503.", error.Message);
        Assert.Equal([3L], [retried.GetMeasurementSnapshot().Sum(m => m.Value)]);
        Assert.Equal(("webhook", 1L), (failedCount.LastMeasurement?.Tags[PaymentMetrics.ChannelTag] as string, failedCount.GetMeasurementSnapshot().Sum(m => m.Value)));

        world.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None)); // nothing left in the schedule
        Assert.Equal(4, world.Webhooks.Posts.Count);
    }

    [Fact]
    public async Task A_failing_receipt_neither_delays_nor_repeats_the_webhook_and_is_sent_once_it_recovers()
    {
        await using var world = await WorldAsync();
        world.Mailer.Failures = 1;
        var paymentId = await world.PaymentAsync("success");

        await world.Sender.SendAsync(new PaymentNotification(paymentId.Value, "success"), CancellationToken.None);

        Assert.Single(world.Webhooks.Posts);
        Assert.Empty(world.Mailer.Sent);
        var email = (await world.Ledger.FindAsync(paymentId, "success", NotificationChannel.Email, CancellationToken.None))!;
        Assert.Equal(DeliveryState.Pending, email.State);

        world.Clock.Advance(TimeSpan.FromSeconds(6));
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await world.Sender.SendAsync(new PaymentNotification(paymentId.Value, "success"), CancellationToken.None); // a late duplicate message

        Assert.Single(world.Mailer.Sent);
        Assert.Single(world.Webhooks.Posts);
        Assert.Equal(NotificationIds.ReceiptMessageId(paymentId.Value, "success", "shop.example"), world.Mailer.Sent[0].MessageId);
        var sent = (await world.Ledger.FindAsync(paymentId, "success", NotificationChannel.Email, CancellationToken.None))!;
        Assert.Equal((DeliveryState.Sent, 2), (sent.State, sent.Attempts));
    }

    [Fact]
    public async Task A_first_attempt_that_died_is_taken_over_by_the_sweep_from_the_callbacks_intake_entry_once_its_claim_runs_out()
    {
        await using var world = await WorldAsync();
        var paymentId = await world.PaymentAsync("decline");
        var intakeKey = await world.Schedule.AddAsync(DueEntry.Intake(paymentId.Value, "decline"), world.Clock.GetUtcNow() + Lease, CancellationToken.None); // as the callback does
        var opened = await world.Ledger.OpenAsync(paymentId, "decline", NotificationChannel.Webhook, NotificationIds.WebhookId(paymentId.Value, "decline"), null, CancellationToken.None);
        Assert.NotNull(await world.Ledger.TryClaimAsync(opened, CancellationToken.None)); // the attempt that dies

        // The same callback's message, handled again meanwhile: the record is another attempt's, so it neither sends nor lets the intake go.
        await world.Sender.SendAsync(new PaymentNotification(paymentId.Value, "decline", intakeKey), CancellationToken.None);
        Assert.Empty(world.Webhooks.Posts);

        world.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Empty(world.Webhooks.Posts);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Single(world.Webhooks.Posts);
        var taken = (await world.WebhookRecordAsync(paymentId, "decline"))!;
        Assert.Equal((DeliveryState.Sent, 2), (taken.State, taken.Attempts));
        Assert.Contains(world.Logs.GetSnapshot(), l => l.Message.StartsWith("Taking over the webhook notification of 'decline'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callback_whose_queue_message_was_lost_is_notified_by_the_sweep_from_its_intake_entry()
    {
        await using var world = await WorldAsync();
        var paymentId = await world.PaymentAsync("decline");
        await world.Schedule.AddAsync(DueEntry.Intake(paymentId.Value, "decline"), world.Clock.GetUtcNow() + Lease, CancellationToken.None);

        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Empty(world.Webhooks.Posts); // not due yet: the queue has its chance first

        world.Clock.Advance(Lease);
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Single(world.Webhooks.Posts);
        Assert.Equal(0, await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None)); // intake entry removed
    }

    [Fact]
    public async Task A_redelivery_of_a_sent_webhook_is_due_at_once_with_the_same_id_and_restarts_the_schedule()
    {
        await using var world = await WorldAsync();
        var paymentId = await world.PaymentAsync("decline");
        await world.Sender.SendAsync(new PaymentNotification(paymentId.Value, "decline"), CancellationToken.None);
        var sent = (await world.WebhookRecordAsync(paymentId, "decline"))!;
        Assert.Equal(DeliveryState.Sent, sent.State);

        var again = await world.Ledger.TryRedeliverAsync(sent, CancellationToken.None);
        Assert.NotNull(again);
        world.Webhooks.FailAlways = true;
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var retried = (await world.WebhookRecordAsync(paymentId, "decline"))!;
        Assert.Equal((DeliveryState.Pending, 2, 1), (retried.State, retried.Attempts, retried.RoundAttempts));
        Assert.InRange(retried.NextAttemptAt!.Value - retried.LastAttemptAt!.Value, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5)); // the schedule's first delay again
        Assert.Equal(2, world.Webhooks.Posts.Count);
        Assert.Single(world.Webhooks.Posts.Select(p => p.Id).Distinct());
    }

    [Fact]
    public async Task The_sweep_drops_an_entry_that_points_at_nothing_only_once_it_is_old_enough_not_to_be_on_its_way()
    {
        await using var world = await WorldAsync();
        var paymentId = await world.PaymentAsync("decline");
        await world.Schedule.AddAsync(DueEntry.Delivery(paymentId.Value, "decline", NotificationChannel.Webhook), world.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(1, await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None)); // young: kept

        world.Clock.Advance(DueNotificationSweep.OrphanAge + TimeSpan.FromSeconds(1));
        await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(0, await world.Sweep.RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Empty(world.Webhooks.Posts);
    }

    private async Task<World> WorldAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.PaymentsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.NotificationScheduleTable);

        // Each test has its own schedule table in effect: entries of other tests are far in the past, so clear them.
        var scheduleTable = tables.GetTableClient(StorageNames.NotificationScheduleTable);
        await foreach (var row in scheduleTable.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await scheduleTable.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        return new World(tables);
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly HttpClient _http = new();
        private readonly TableClient _table;

        public World(TableServiceClient tables)
        {
            var options = Options.Create(new NotificationsOptions
            {
                RetrySchedule = ScheduleText,
                DeliveryLeaseTime = Lease,
                Smtp = new SmtpOptions { Host = "smtp.invalid", From = "Shop <payments@shop.example>" },
                Webhook = new WebhookOptions { Url = new Uri("https://merchant.invalid/hooks"), Secret = "whsec_" + Convert.ToBase64String(new byte[32]) },
            });
            var loggers = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(Logs)));
            var table = tables.GetTableClient(StorageNames.PaymentsTable);
            _table = table;
            Payments = new PaymentStore(table, Clock);
            Schedule = new NotificationSchedule(tables);
            Ledger = new NotificationDeliveryLedger(table, Schedule, Clock, options, loggers.CreateLogger<NotificationDeliveryLedger>());
            Mailer = new FakeMailer(options, Clock);
            Webhooks = new FakeWebhookClient(_http, options, Clock);
            var deliverer = new NotificationDeliverer(Ledger, Mailer, Webhooks, options, new PaymentMetrics(Meters), Clock, loggers.CreateLogger<NotificationDeliverer>());
            Sender = new PaymentNotificationSender(Payments, Ledger, Schedule, deliverer, Clock, new PaymentMetrics(Meters), loggers.CreateLogger<PaymentNotificationSender>());
            Sweep = new DueNotificationSweep(Schedule, Ledger, Payments, new PaymentIndex(tables, Payments, Clock), Sender, deliverer, options, Clock, loggers.CreateLogger<DueNotificationSweep>());
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        public FakeLogCollector Logs { get; } = new();

        /// <summary>The meters the app's metrics are recorded on, for a <see cref="MetricCollector{T}"/> to read.</summary>
        public IMeterFactory Meters { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

        public PaymentStore Payments { get; }

        public NotificationSchedule Schedule { get; }

        public NotificationDeliveryLedger Ledger { get; }

        public FakeMailer Mailer { get; }

        public FakeWebhookClient Webhooks { get; }

        public PaymentNotificationSender Sender { get; }

        public DueNotificationSweep Sweep { get; }

        /// <summary>A payment with a stored callback of <paramref name="status"/> (a success for the order's amount).</summary>
        public async Task<PaymentId> PaymentAsync(string status)
        {
            var purchase = Storage.PaymentStoreTests.Purchase(AppRequests.NewPaymentId());
            var payment = Payment.Reserve(PaymentOrder.Of(purchase), Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
            await Payments.TryInsertAsync(payment, CancellationToken.None);
            await _table.AddEntityAsync(new TableEntity(payment.PartitionKey, "callback-" + Guid.NewGuid().ToString("N"))
            {
                ["PaymentStatus"] = status,
                ["Amount"] = 10000L,
                ["Currency"] = "KZT",
                ["ReceivedAt"] = Clock.GetUtcNow(),
            });
            return payment.PaymentId;
        }

        public Task<DeliveryRecord?> WebhookRecordAsync(PaymentId paymentId, string status) =>
            Ledger.FindAsync(paymentId, status, NotificationChannel.Webhook, CancellationToken.None);

        public ValueTask DisposeAsync()
        {
            _http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Records what would have been e-mailed; fails the first <see cref="Failures"/> sends.</summary>
    private sealed class FakeMailer(IOptions<NotificationsOptions> options, TimeProvider clock)
        : ReceiptMailer(options, new SmtpConnectionPool(options, clock), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReceiptMailer>.Instance)
    {
        public int Failures { get; set; }

        public List<MimeMessage> Sent { get; } = [];

        public override Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (Failures-- > 0)
            {
                throw new IOException("the SMTP server dropped the connection");
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    /// <summary>Records every post; answers 503 while <see cref="FailAlways"/>.</summary>
    private sealed class FakeWebhookClient(HttpClient http, IOptions<NotificationsOptions> options, TimeProvider clock)
        : MerchantWebhookClient(http, options, clock)
    {
        public bool FailAlways { get; set; }

        public ConcurrentQueue<(string Id, string Body)> Posts { get; } = new();

        public override Task PostAsync(string webhookId, byte[] body, CancellationToken cancellationToken)
        {
            Posts.Enqueue((webhookId, System.Text.Encoding.UTF8.GetString(body)));
            return FailAlways ? throw new WebhookRejectedException(503) : Task.CompletedTask;
        }
    }
}
