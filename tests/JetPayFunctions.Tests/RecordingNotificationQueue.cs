using System.Collections.Concurrent;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;

namespace JetPayFunctions.Tests;

/// <summary>The real queue, with a record of what was enqueued and a switch that makes the next enqueues fail, as a crash would.</summary>
public sealed class RecordingNotificationQueue(QueueServiceClient queues) : NotificationQueue(queues)
{
    private int _failuresLeft;

    public ConcurrentQueue<PaymentNotification> Enqueued { get; } = new();

    public void FailNext(int times) => Volatile.Write(ref _failuresLeft, times);

    public override async Task EnqueueAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("Injected fault: the process died before the notification was enqueued.");
        }

        await base.EnqueueAsync(notification, cancellationToken);
        Enqueued.Enqueue(notification);
    }
}
