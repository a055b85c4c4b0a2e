using JetPay.Payments.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JetPay.Payments.Notifications;

/// <summary>Registers the sending of payment notifications: options, delivery records, SMTP and the webhook client.</summary>
public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddPaymentNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NotificationsOptions>()
            .Bind(configuration.GetSection(NotificationsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidation>());

        // The resilience handler owns the timeouts; redirects are failures, not followed.
        services.AddHttpClient<MerchantWebhookClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddStandardResilienceHandler()
            .Configure(static (HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                var notifications = provider.GetRequiredService<IOptions<NotificationsOptions>>().Value;
                resilience.AttemptTimeout.Timeout = MerchantWebhookClient.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = MerchantWebhookClient.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = MerchantWebhookClient.AttemptTimeout * 2;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.Retry.Delay = notifications.RetryDelay;
                if (notifications.Retries > 0)
                {
                    resilience.Retry.MaxRetryAttempts = notifications.Retries;
                }
                else
                {
                    resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
                }
            });

        services.TryAddSingleton<NotificationSchedule>();
        services.TryAddSingleton<NotificationDeliveryLedger>();
        services.TryAddSingleton<SmtpConnectionPool>();
        services.TryAddSingleton<ReceiptMailer>();
        services.TryAddTransient<NotificationDeliverer>();
        services.TryAddTransient<PaymentNotificationSender>();
        services.TryAddTransient<DueNotificationSweep>();
        services.TryAddTransient<NotificationDeliveries>();
        return services;
    }
}
