using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JetPay.PaymentPage;

/// <summary>Registers <see cref="PaymentPageClient"/>.</summary>
public static class PaymentPageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PaymentPageClient"/> as a typed HTTP client with the standard resilience handler:
    /// <see cref="PaymentPageClientOptions.Timeout"/> per attempt, <see cref="PaymentPageClientOptions.TotalTimeout"/> in all,
    /// and up to <see cref="PaymentPageClientOptions.MaxRetries"/> retries with jittered exponential backoff for transient
    /// failures only (5xx, 408, 429, connection errors, attempt timeouts). <c>generate-qr</c> is a GET, safe to repeat.
    /// The caller registers an <see cref="ISecretKeyProvider"/>.
    /// </summary>
    /// <returns>The client's builder, for further handlers.</returns>
    public static IHttpClientBuilder AddPaymentPageClient(this IServiceCollection services, Action<PaymentPageClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<PaymentPageClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentPageClientOptions>, OptionsValidator>());

        // The resilience handler owns the timeouts; HttpClient's own 100 s default would only cut them short.
        var builder = services.AddHttpClient<PaymentPageClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddStandardResilienceHandler().Configure(static (HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
        {
            var client = provider.GetRequiredService<IOptions<PaymentPageClientOptions>>().Value;
            resilience.AttemptTimeout.Timeout = client.Timeout;
            resilience.TotalRequestTimeout.Timeout = client.TotalTimeout;
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, client.Timeout.Ticks * 2));
            resilience.Retry.BackoffType = DelayBackoffType.Exponential;
            resilience.Retry.UseJitter = true;
            resilience.Retry.Delay = client.RetryDelay;
            if (client.MaxRetries > 0)
            {
                resilience.Retry.MaxRetryAttempts = client.MaxRetries;
            }
            else
            {
                resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
            }
        });
        return builder;
    }

    private sealed class OptionsValidator : IValidateOptions<PaymentPageClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, PaymentPageClientOptions options)
        {
            var failures = options.Validate(new ValidationContext(options)).Select(result => result.ErrorMessage ?? "invalid").ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
