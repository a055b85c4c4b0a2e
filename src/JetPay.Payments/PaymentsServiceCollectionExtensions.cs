using Azure.Security.KeyVault.Secrets;
using JetPay.PaymentPage;
using JetPay.Payments.Callbacks;
using JetPay.Payments.Configuration;
using JetPay.Payments.Health;
using JetPay.Payments.Notifications;
using JetPay.Payments.Payments;
using JetPay.Payments.Secrets;
using JetPay.Payments.Storage;
using JetPay.Payments.Telemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JetPay.Payments;

/// <summary>The app's services, as the Functions app registers them.</summary>
public static class PaymentsServiceCollectionExtensions
{
    public static IServiceCollection AddJetPayPayments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PaymentMetrics>();

        services.AddOptions<JetPayOptions>().Bind(configuration.GetSection(JetPayOptions.SectionName)).ValidateOnStart();
        services.AddOptions<KeyVaultOptions>().Bind(configuration.GetSection(KeyVaultOptions.SectionName)).ValidateOnStart();
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JetPayOptions>, JetPayOptionsValidation>();
        services.AddSingleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidation>();
        services.AddSingleton<IValidateOptions<PaymentsOptions>, PaymentsOptionsValidation>();

        var storage = StorageConnection.FromConfiguration(configuration);
        services.AddPaymentStorage(storage);
        if (storage.UsesIdentity)
        {
            services.TryAddSingleton<IQrCodeUrlSigner, UserDelegationQrCodeUrlSigner>();
        }
        else
        {
            services.TryAddSingleton<IQrCodeUrlSigner, AccountKeyQrCodeUrlSigner>();
        }

        AddSecretKeys(services, configuration, storage);

        services.AddPaymentPageClient();
        services.AddOptions<PaymentPageClientOptions>()
            .Bind(configuration.GetSection(PaymentPageClientOptions.SectionName)) // JetPay__BaseUrl, JetPay__Timeout, ...
            .ValidateOnStart();

        services.TryAddSingleton<PaymentStore>();
        services.TryAddSingleton<PaymentIndex>();
        services.TryAddSingleton<QrCodeImageStore>();
        services.TryAddSingleton<QrPaymentService>();
        services.TryAddSingleton<PaymentList>();
        services.TryAddSingleton<CallbackLedger>();
        services.TryAddSingleton<NotificationQueue>();
        services.TryAddSingleton<NotificationIntake>();
        services.TryAddSingleton<CallbackReceiver>();
        services.AddPaymentNotifications(configuration);
        services.AddPaymentHealthChecks();
        return services;
    }

    private static void AddSecretKeys(IServiceCollection services, IConfiguration configuration, StorageConnection storage)
    {
        var vaultUri = configuration.GetSection(KeyVaultOptions.SectionName).GetValue<Uri?>(nameof(KeyVaultOptions.Uri));
        if (vaultUri is null)
        {
            services.TryAddSingleton<ISecretKeyProvider>(sp =>
            {
                var jetPay = sp.GetRequiredService<IOptions<JetPayOptions>>().Value;
                return new StaticSecretKeyProvider(new SecretKeys(jetPay.SecretKey!, string.IsNullOrEmpty(jetPay.PreviousSecretKey) ? null : jetPay.PreviousSecretKey));
            });
            return;
        }

        services.AddAzureClients(clients =>
        {
            clients.AddSecretClient(vaultUri)
                .WithCredential(StorageServiceCollectionExtensions.CreateCredential(storage.ManagedIdentityClientId));
        });
        services.TryAddSingleton<ISecretKeyProvider, KeyVaultSecretKeyProvider>();
    }
}
