using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPay.Payments.Tests.Notifications;

public sealed class PoisonQueueReplayTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_poison_message_moves_back_to_the_notification_queue_unchanged()
    {
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = queues.GetQueueClient(StorageNames.NotificationPoisonQueue);
        var target = queues.GetQueueClient(StorageNames.NotificationQueue);
        await poison.CreateIfNotExistsAsync();
        await target.CreateIfNotExistsAsync();
        var sent = Enumerable.Range(0, 40).Select(i => new PaymentNotification($"order-{i}", "success").ToJson()).ToList();
        foreach (var message in sent)
        {
            await poison.SendMessageAsync(message);
        }

        var moved = await new PoisonQueueReplay(queues).ReplayAsync(CancellationToken.None);

        Assert.Equal(40, moved);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var received = new List<string>();
        while ((await target.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            received.AddRange(batch.Select(m => m.Body.ToString()));
        }

        Assert.Equal(sent.Order(), received.Order());
    }

    [Fact]
    public async Task Without_a_poison_queue_there_is_nothing_to_replay()
    {
        var queues = new QueueServiceClient(azurite.ConnectionString);
        await queues.GetQueueClient(StorageNames.NotificationPoisonQueue).DeleteIfExistsAsync();

        Assert.Equal(0, await new PoisonQueueReplay(queues).ReplayAsync(CancellationToken.None));
    }
}
