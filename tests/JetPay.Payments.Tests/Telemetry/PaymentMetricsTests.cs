using JetPay.PaymentPage;
using JetPay.Payments.Callbacks;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using JetPay.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace JetPay.Payments.Tests.Telemetry;

public sealed class PaymentMetricsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SecretKey = "metrics-test-secret";

    [Fact]
    public async Task The_callback_step_counts_each_outcome_and_each_newly_recorded_status()
    {
        await using var services = Services();
        await services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(CancellationToken.None);
        var receiver = services.GetRequiredService<CallbackReceiver>();
        using var callbacks = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PaymentMetrics.MeterName, PaymentMetrics.Callbacks);
        using var statuses = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PaymentMetrics.MeterName, PaymentMetrics.StatusChanges);
        var paymentId = AppRequests.NewPaymentId();
        var success = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), SecretKey);
        var forged = SignedCallbacks.Sign(SignedCallbacks.Purchase(paymentId, "success"), "another-secret");

        await receiver.ReceiveAsync(success, CancellationToken.None);
        await receiver.ReceiveAsync(success, CancellationToken.None);
        await receiver.ReceiveAsync(forged, CancellationToken.None);
        await receiver.ReceiveAsync("{}"u8.ToArray(), CancellationToken.None);

        Assert.Equal(
            ["recorded", "duplicate", "invalid_signature", "missing_signature"],
            callbacks.GetMeasurementSnapshot().Select(m => (string)m.Tags[PaymentMetrics.OutcomeTag]!));
        Assert.Equal(["success"], statuses.GetMeasurementSnapshot().Select(m => (string)m.Tags[PaymentMetrics.StatusTag]!));
    }

    [Fact]
    public void Every_rejection_reason_has_an_outcome_of_its_own()
    {
        var reasons = Enum.GetValues<CallbackRejection>().Where(r => r != CallbackRejection.None).ToList();

        var outcomes = reasons.Select(PaymentMetrics.OutcomeOf).ToList();

        Assert.Equal(reasons.Count, outcomes.Distinct().Count());
        Assert.DoesNotContain("rejected", outcomes);
        Assert.DoesNotContain(PaymentMetrics.RecordedOutcome, outcomes);
        Assert.DoesNotContain(PaymentMetrics.DuplicateOutcome, outcomes);
    }

    [Fact]
    public void A_sent_notification_is_counted_by_channel_and_its_delay_recorded_in_seconds_when_known()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<PaymentMetrics>().BuildServiceProvider();
        var factory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(factory, PaymentMetrics.MeterName, PaymentMetrics.NotificationsSent);
        using var delay = new MetricCollector<double>(factory, PaymentMetrics.MeterName, PaymentMetrics.NotificationDelay);
        using var failed = new MetricCollector<long>(factory, PaymentMetrics.MeterName, PaymentMetrics.NotificationsFailed);
        var metrics = services.GetRequiredService<PaymentMetrics>();

        metrics.NotificationSent(NotificationChannel.Email, TimeSpan.FromMilliseconds(1500));
        metrics.NotificationSent(NotificationChannel.Webhook, null);
        metrics.NotificationFailed(NotificationChannel.Webhook);

        Assert.Equal(["email", "webhook"], sent.GetMeasurementSnapshot().Select(m => (string)m.Tags[PaymentMetrics.ChannelTag]!));
        var measured = Assert.Single(delay.GetMeasurementSnapshot());
        Assert.Equal(1.5, measured.Value);
        Assert.Equal("email", measured.Tags[PaymentMetrics.ChannelTag]);
        Assert.Equal("webhook", Assert.Single(failed.GetMeasurementSnapshot()).Tags[PaymentMetrics.ChannelTag]);
    }

    [Fact]
    public void The_queue_message_carries_when_the_callback_was_accepted_and_reads_one_without_it()
    {
        var at = new DateTimeOffset(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);

        var roundTripped = PaymentNotification.FromJson(new PaymentNotification("p-1", "success") { CallbackAcceptedAt = at }.ToJson());
        var older = PaymentNotification.FromJson("""{"paymentId":"p-1","reportedStatus":"success"}""");

        Assert.Equal(at, roundTripped.CallbackAcceptedAt);
        Assert.Null(older.CallbackAcceptedAt);
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["JetPay:BaseUrl"] = "http://127.0.0.1:9/",
            ["JetPay:ProjectId"] = "123",
            ["JetPay:SecretKey"] = SecretKey,
        }).Build();
        return new ServiceCollection().AddLogging().AddJetPayPayments(configuration).BuildServiceProvider();
    }
}
