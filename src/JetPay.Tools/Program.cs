using JetPay.Payments.Notifications;
using JetPay.Payments.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run --project src/JetPay.Tools -- replay-poison
// Storage comes from the same settings as the app: AzureWebJobsStorage (a connection string), or
// AzureWebJobsStorage__queueServiceUri (and the other service URIs) with your Azure sign-in.
if (args.FirstOrDefault() != "replay-poison")
{
    Console.Error.WriteLine("usage: dotnet run --project src/JetPay.Tools -- replay-poison [--AzureWebJobsStorage=<connection string>]");
    return 2;
}

var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
builder.Services.AddPaymentStorage(StorageConnection.FromConfiguration(builder.Configuration));
builder.Services.AddSingleton<PoisonQueueReplay>();
using var host = builder.Build();

var moved = await host.Services.GetRequiredService<PoisonQueueReplay>().ReplayAsync(CancellationToken.None);
Console.WriteLine($"{moved} notification(s) moved from {StorageNames.NotificationPoisonQueue} back to {StorageNames.NotificationQueue}.");
return 0;
