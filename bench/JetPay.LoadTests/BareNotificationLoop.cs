using System.Collections.Concurrent;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JetPay.Payments.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace JetPay.LoadTests;

/// <summary>
/// The notifications baseline: with the bare SDK, MailKit and an HttpClient, per message what the sender does per
/// message (read the payment, claim the e-mail and the webhook, send both, mark both sent, delete the message), with
/// <see cref="Workers"/> receivers taking <see cref="BatchSize"/> messages each and handling them side by side: 24 in
/// flight, as many as the host keeps with <c>host.json</c>'s <c>batchSize</c> 16 and <c>newBatchThreshold</c> 8; sending over at most <see cref="SmtpConnections"/> SMTP connections
/// kept open, as the app's mailer does. No host, no worker, no dependency injection, no retries.
/// </summary>
internal sealed class BareNotificationLoop(QueueClient queue, TableClient payments, TableClient claims, int smtpPort, Uri webhook)
{
    private const int Workers = 3;
    private const int BatchSize = 8;
    private const int SmtpConnections = 4;
    private static readonly string[] Columns = ["RowKey", "CustomerEmail", "Amount", "Currency", "PaymentStatus"]; // not the callbacks' bodies
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _connections = new(SmtpConnections);

    public async Task<int> RunAsync()
    {
        using var http = new HttpClient();
        var handled = await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(http)));
        foreach (var smtp in _idle)
        {
            await smtp.DisconnectAsync(quit: true);
            smtp.Dispose();
        }

        return handled.Sum();
    }

    private async Task<int> WorkAsync(HttpClient http)
    {
        var handled = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(BatchSize, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                return handled;
            }

            await Task.WhenAll(batch.Select(async message =>
            {
                await HandleAsync(http, PaymentNotification.FromJson(message.Body.ToString()));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }));
            handled += batch.Length;
        }
    }

    private async Task HandleAsync(HttpClient http, PaymentNotification notification)
    {
        // As the app reads a payment: one query over its partition, the order's row and its callbacks, whose reports
        // give the status (a point read of the order's row alone would be cheaper, and on Azurite much cheaper).
        TableEntity? payment = null;
        await foreach (var row in payments.QueryAsync<TableEntity>(row => row.PartitionKey == notification.PaymentId, select: Columns))
        {
            payment = row.RowKey == "payment" ? row : payment;
        }

        ArgumentNullException.ThrowIfNull(payment);
        if (await ClaimAsync(notification, "email") is { } email)
        {
            var receipt = new MimeMessage();
            receipt.From.Add(MailboxAddress.Parse("payments@shop.example"));
            receipt.To.Add(MailboxAddress.Parse(payment.GetString("CustomerEmail")));
            receipt.Subject = $"Payment {notification.PaymentId} received";
            receipt.Body = new TextPart("plain") { Text = $"{payment.GetInt64("Amount")} {payment.GetString("Currency")}" };
            await SendAsync(receipt);
            await MarkSentAsync(email);
        }

        if (await ClaimAsync(notification, "webhook") is { } hook)
        {
            using var response = await http.PostAsJsonAsync(webhook, new { type = "payment.succeeded", data = new { paymentId = notification.PaymentId } });
            response.EnsureSuccessStatusCode();
            await MarkSentAsync(hook);
        }
    }

    private async Task SendAsync(MimeMessage message)
    {
        await _connections.WaitAsync();
        try
        {
            if (!_idle.TryTake(out var smtp))
            {
                smtp = new SmtpClient();
                await smtp.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None);
            }

            await smtp.SendAsync(message);
            _idle.Add(smtp);
        }
        finally
        {
            _connections.Release();
        }
    }

    private async Task<TableEntity?> ClaimAsync(PaymentNotification notification, string channel)
    {
        var claim = new TableEntity(notification.PaymentId, $"delivery-{notification.ReportedStatus}-{channel}") { ["State"] = "Claimed" };
        try
        {
            var added = await claims.AddEntityAsync(claim);
            claim.ETag = added.Headers.ETag!.Value;
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null; // a repeated message: sent already
        }
    }

    private Task MarkSentAsync(TableEntity claim)
    {
        claim["State"] = "Sent";
        return claims.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace);
    }
}
