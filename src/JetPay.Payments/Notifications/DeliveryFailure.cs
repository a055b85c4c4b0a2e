using MailKit.Net.Smtp;

namespace JetPay.Payments.Notifications;

/// <summary>Why an attempt failed, in one line that may be logged and shown by the API: no address (masked if a server quotes one), no secret.</summary>
public static class DeliveryFailure
{
    /// <summary>The longest description kept.</summary>
    public const int MaxLength = 300;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            SmtpCommandException command => $"the SMTP server answered {(int)command.StatusCode}: {EmailMasking.MaskAll(command.Message)}",
            WebhookRejectedException rejected => rejected.Message,
            HttpRequestException http => $"the webhook endpoint could not be reached ({http.HttpRequestError}): {http.Message}",
            Polly.Timeout.TimeoutRejectedException => "the webhook endpoint did not answer in time",
            Polly.CircuitBreaker.BrokenCircuitException => "the webhook endpoint failed repeatedly; calls to it are paused for a few seconds",
            _ => $"{exception.GetType().Name}: {EmailMasking.MaskAll(exception.Message)}",
        };
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }
}
