using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JetPay.Payments.Storage;

/// <summary>The one place that builds storage clients.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddPaymentStorage(this IServiceCollection services, StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        services.TryAddSingleton(connection);
        services.AddAzureClients(clients =>
        {
            // Fail fast enough for an HTTP caller to get an answer (JetPay retries callbacks by itself).
            clients.ConfigureDefaults(options =>
            {
                options.Retry.MaxRetries = 3;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            });
            if (connection.UsesIdentity)
            {
                clients.UseCredential(CreateCredential(connection.ManagedIdentityClientId));
                clients.AddBlobServiceClient(connection.BlobServiceUri!);
                clients.AddQueueServiceClient(connection.QueueServiceUri!)
                    .ConfigureOptions(UseBase64Messages);
                clients.AddTableServiceClient(connection.TableServiceUri!);
            }
            else
            {
                clients.AddBlobServiceClient(connection.ConnectionString!);
                clients.AddQueueServiceClient(connection.ConnectionString!)
                    .ConfigureOptions(UseBase64Messages);
                clients.AddTableServiceClient(connection.ConnectionString!);
            }
        });

        services.TryAddSingleton(sp => sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.PaymentsTable));
        services.TryAddSingleton(sp => sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.QrCodeContainer));
        services.TryAddSingleton<StorageProvisioner>();
        return services;
    }

    /// <summary>The managed identity in Azure (the named one, else <c>AZURE_CLIENT_ID</c>), a developer's sign-in elsewhere.</summary>
    internal static TokenCredential CreateCredential(string? managedIdentityClientId)
    {
        var options = new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true };
        if (managedIdentityClientId is not null)
        {
            options.ManagedIdentityClientId = managedIdentityClientId;
        }

        return new DefaultAzureCredential(options);
    }

    // The Functions queue trigger expects Base64 message bodies (host.json: messageEncoding).
    private static void UseBase64Messages(QueueClientOptions options) =>
        options.MessageEncoding = QueueMessageEncoding.Base64;
}
