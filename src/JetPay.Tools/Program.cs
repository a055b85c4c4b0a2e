using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run --project src/JetPay.Tools -- redeliver <paymentId> <notificationId>
// Storage comes from the same settings as the app: AzureWebJobsStorage (a connection string), or
// AzureWebJobsStorage__tableServiceUri (and the other service URIs) with your Azure sign-in.
const string Usage = "usage: dotnet run --project src/JetPay.Tools -- redeliver <paymentId> <notificationId> [--AzureWebJobsStorage=<connection string>]";
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional is not ["redeliver", var paymentId, var notificationId])
{
    Console.Error.WriteLine(Usage);
    Console.Error.WriteLine("  notificationId: as GET /api/payments/{paymentId}/notifications lists it, e.g. success-webhook");
    return 2;
}

var builder = Host.CreateApplicationBuilder(args.Skip(positional.Length).ToArray());
builder.Services.AddPaymentStorage(StorageConnection.FromConfiguration(builder.Configuration));
builder.Services.AddPaymentNotifications(builder.Configuration);
builder.Services.AddSingleton<PaymentStore>();
using var host = builder.Build();

var result = await host.Services.GetRequiredService<NotificationDeliveries>().RedeliverAsync(paymentId, notificationId, CancellationToken.None);
switch (result)
{
    case RedeliveryResult.Scheduled scheduled:
        Console.WriteLine($"{scheduled.Delivery.NotificationId} of {paymentId} is due now ({scheduled.Delivery.EventId}); the app sends it within seconds.");
        return 0;
    case RedeliveryResult.InProgress:
        Console.Error.WriteLine($"{notificationId} of {paymentId} is being sent right now; try again once it is done.");
        return 1;
    default:
        Console.Error.WriteLine($"No notification '{notificationId}' of payment '{paymentId}'.");
        return 1;
}
