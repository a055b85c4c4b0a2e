using Microsoft.Extensions.Logging;

namespace JetPay.Payments.Payments;

/// <summary>Puts the payment id on every log line of a flow.</summary>
public static class PaymentLogScope
{
    public static IDisposable? Begin(ILogger logger, PaymentId paymentId) =>
        Begin(logger, paymentId.Value);

    public static IDisposable? Begin(ILogger logger, string paymentId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new Dictionary<string, object> { ["PaymentId"] = paymentId });
    }
}
