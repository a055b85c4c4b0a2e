using JetPay.Payments.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JetPayFunctions;

/// <summary>Creates missing tables, containers and queues when the app starts (needed on a fresh Azurite).</summary>
internal sealed partial class StorageProvisioningService(StorageProvisioner provisioner, ILogger<StorageProvisioningService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await provisioner.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            // Not fatal: in Azure the templates created everything; a storage outage must not stop the host.
            LogProvisioningFailed(logger, ex, (ex as Azure.RequestFailedException)?.Status);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the storage resources at start-up (HTTP {Status})")]
    private static partial void LogProvisioningFailed(ILogger logger, Exception exception, int? status);
}
