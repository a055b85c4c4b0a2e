using System.Diagnostics.Metrics;
using JetPay.PaymentPage;
using JetPay.Payments.Notifications;
using JetPay.Payments.Callbacks;

namespace JetPay.Payments.Telemetry;

/// <summary>
/// The app's one <see cref="Meter"/>, <c>JetPay.Payments</c>: what an operator counts and alerts on. The names are
/// constants because the alert rules in <c>infra/</c> query them (a test holds the two together).
/// </summary>
/// <remarks>
/// Exported to Azure Monitor where a connection string is set (they arrive in the <c>customMetrics</c> table, tags as
/// <c>customDimensions</c>); locally <c>dotnet-counters monitor --counters JetPay.Payments</c> shows them live.
/// </remarks>
public sealed class PaymentMetrics
{
    public const string MeterName = "JetPay.Payments";

    /// <summary>Payments created: a QR code issued for a new order (the same order asked again is not counted).</summary>
    public const string PaymentsCreated = "jetpay.payments.created";

    /// <summary>Callbacks by <see cref="OutcomeTag"/>: <c>recorded</c>, <c>duplicate</c>, <c>foreign_project</c>, or the rejection reason in snake case (<c>invalid_signature</c>, …).</summary>
    public const string Callbacks = "jetpay.callbacks";

    /// <summary>Statuses newly recorded for a payment, by <see cref="StatusTag"/>: JetPay's status of each callback stored for the first time, and <c>review</c> each time a notification run finds a payment held for review.</summary>
    public const string StatusChanges = "jetpay.payments.status_changes";

    /// <summary>Notifications sent, by <see cref="ChannelTag"/>.</summary>
    public const string NotificationsSent = "jetpay.notifications.sent";

    /// <summary>Notification attempts that failed and will be tried again, by <see cref="ChannelTag"/>.</summary>
    public const string NotificationsRetried = "jetpay.notifications.retried";

    /// <summary>Notifications given up on, by <see cref="ChannelTag"/>.</summary>
    public const string NotificationsFailed = "jetpay.notifications.failed";

    /// <summary>Seconds from the callback's 200 to the notification being sent, by <see cref="ChannelTag"/>.</summary>
    public const string NotificationDelay = "jetpay.notifications.delay";

    public const string OutcomeTag = "outcome";
    public const string StatusTag = "status";
    public const string ChannelTag = "channel";

    /// <summary>The <see cref="OutcomeTag"/> of a callback stored for the first time.</summary>
    public const string RecordedOutcome = "recorded";

    /// <summary>The <see cref="OutcomeTag"/> of a redelivery of a stored callback.</summary>
    public const string DuplicateOutcome = "duplicate";

    /// <summary>The <see cref="OutcomeTag"/> of a genuine callback for another JetPay project.</summary>
    public const string ForeignProjectOutcome = "foreign_project";

    private readonly Counter<long> _paymentsCreated;
    private readonly Counter<long> _callbacks;
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _notificationsRetried;
    private readonly Counter<long> _notificationsFailed;
    private readonly Histogram<double> _notificationDelay;

    public PaymentMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _paymentsCreated = meter.CreateCounter<long>(PaymentsCreated, "{payment}", "Payments created for a new order");
        _callbacks = meter.CreateCounter<long>(Callbacks, "{callback}", "Callbacks received, by outcome");
        _statusChanges = meter.CreateCounter<long>(StatusChanges, "{status}", "Payment statuses newly recorded, by status");
        _notificationsSent = meter.CreateCounter<long>(NotificationsSent, "{notification}", "Notifications sent, by channel");
        _notificationsRetried = meter.CreateCounter<long>(NotificationsRetried, "{notification}", "Notification attempts that failed and are tried again, by channel");
        _notificationsFailed = meter.CreateCounter<long>(NotificationsFailed, "{notification}", "Notifications given up on, by channel");
        _notificationDelay = meter.CreateHistogram<double>(NotificationDelay, "s", "Time from the callback's 200 to the notification sent, by channel");
    }

    /// <summary>The <see cref="OutcomeTag"/> of a rejected callback: the reason in snake case (<c>invalid_signature</c>).</summary>
    public static string OutcomeOf(CallbackRejection rejection) => rejection switch
    {
        CallbackRejection.MalformedJson => "malformed_json",
        CallbackRejection.MissingSignature => "missing_signature",
        CallbackRejection.InvalidSignature => "invalid_signature",
        CallbackRejection.MissingPaymentId => "missing_payment_id",
        CallbackRejection.AmbiguousSigning => "ambiguous_signing",
        CallbackRejection.UnreadableField => "unreadable_field",
        _ => "rejected",
    };

    /// <summary>The <see cref="ChannelTag"/> of a channel: <c>email</c> or <c>webhook</c>.</summary>
    public static string TagOf(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => "email",
        NotificationChannel.Webhook => "webhook",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public void PaymentCreated() => _paymentsCreated.Add(1);

    public void CallbackRejected(CallbackRejection rejection) => _callbacks.Add(1, new KeyValuePair<string, object?>(OutcomeTag, OutcomeOf(rejection)));

    public void CallbackFromForeignProject() => _callbacks.Add(1, new KeyValuePair<string, object?>(OutcomeTag, ForeignProjectOutcome));

    /// <summary>A callback stored (or found stored before); a first one also counts its status as a status change.</summary>
    public void CallbackAccepted(CallbackRecording recording, string status)
    {
        var recorded = recording == CallbackRecording.Recorded;
        _callbacks.Add(1, new KeyValuePair<string, object?>(OutcomeTag, recorded ? RecordedOutcome : DuplicateOutcome));
        if (recorded)
        {
            StatusChanged(status);
        }
    }

    public void StatusChanged(string status) => _statusChanges.Add(1, new KeyValuePair<string, object?>(StatusTag, status));

    /// <summary>A notification sent; <paramref name="sinceCallback"/> (from the callback's 200 to now) goes to the delay histogram when known.</summary>
    public void NotificationSent(NotificationChannel channel, TimeSpan? sinceCallback)
    {
        var tag = new KeyValuePair<string, object?>(ChannelTag, TagOf(channel));
        _notificationsSent.Add(1, tag);
        if (sinceCallback is { } delay && delay >= TimeSpan.Zero)
        {
            _notificationDelay.Record(delay.TotalSeconds, tag);
        }
    }

    public void NotificationRetried(NotificationChannel channel) => _notificationsRetried.Add(1, new KeyValuePair<string, object?>(ChannelTag, TagOf(channel)));

    public void NotificationFailed(NotificationChannel channel) => _notificationsFailed.Add(1, new KeyValuePair<string, object?>(ChannelTag, TagOf(channel)));
}
