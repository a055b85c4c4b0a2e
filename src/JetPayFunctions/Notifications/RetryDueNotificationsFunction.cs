using JetPay.Payments.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.Notifications;

/// <summary>
/// Every 10 seconds: the notification work that fell due (retries, claims left by an instance that died, redeliveries,
/// callbacks whose queue message was not handled in time). One instance runs it at a time (the timer's lock), and the
/// timer also wakes an app that scaled to zero when a retry is due hours later.
/// </summary>
public sealed class RetryDueNotificationsFunction(DueNotificationSweep sweep)
{
    public const string Name = "RetryDueNotifications";

    /// <summary>Six-field NCRONTAB: every 10 seconds.</summary>
    public const string Schedule = "*/10 * * * * *";

    /// <summary>How long one run may work before it leaves the rest to the next (well inside the function time-out).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Function(Name)]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        await sweep.RunAsync(Budget, cancellationToken).ConfigureAwait(false);
    }
}
