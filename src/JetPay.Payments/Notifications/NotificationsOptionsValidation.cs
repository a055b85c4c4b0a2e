using Microsoft.Extensions.Options;
using MimeKit;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Start-up checks of the <c>Notifications__*</c> settings. Nothing is required: without an SMTP host there is no
/// e-mail, without a webhook URL no webhook. But a channel that is switched on must be complete: an SMTP host needs a
/// sender, a user name needs a password, a webhook URL needs a valid secret.
/// </summary>
internal sealed class NotificationsOptionsValidation : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var failures = new List<string>();
        ValidateSmtp(options.Smtp, failures);
        ValidateWebhook(options.Webhook, failures);
        if (options.DeliveryLeaseTime < TimeSpan.FromSeconds(1))
        {
            failures.Add("Setting 'Notifications__DeliveryLeaseTime' must be at least one second.");
        }

        try
        {
            _ = RetrySchedule.Parse(options.RetrySchedule ?? "");
        }
        catch (FormatException ex)
        {
            failures.Add($"Setting 'Notifications__RetrySchedule' must be delays separated by commas, as '00:00:05,00:05:00,02:00:00': {ex.Message}");
        }

        if (options.Retries is < 0 or > 10)
        {
            failures.Add("Setting 'Notifications__Retries' must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Setting 'Notifications__RetryDelay' must be between 00:00:00 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSmtp(SmtpOptions smtp, List<string> failures)
    {
        if (!smtp.IsEnabled)
        {
            return;
        }

        if (Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
        {
            failures.Add("Setting 'Notifications__Smtp__Host' must be a host name or an IP address.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            failures.Add("Setting 'Notifications__Smtp__Port' must be a port number (1-65535).");
        }

        if (smtp.MaxConnections is < 1 or > SmtpOptions.MaxConnectionsLimit)
        {
            failures.Add($"Setting 'Notifications__Smtp__MaxConnections' must be between 1 and {SmtpOptions.MaxConnectionsLimit}.");
        }

        if (string.IsNullOrEmpty(smtp.From))
        {
            failures.Add("Setting 'Notifications__Smtp__From' is required when 'Notifications__Smtp__Host' is set.");
        }
        else if (!MailboxAddress.TryParse(smtp.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            failures.Add("Setting 'Notifications__Smtp__From' must be an e-mail address, optionally with a name: 'Shop <payments@shop.example>'.");
        }

        if (!string.IsNullOrEmpty(smtp.UserName) && string.IsNullOrEmpty(smtp.Password))
        {
            failures.Add("Setting 'Notifications__Smtp__Password' is required when 'Notifications__Smtp__UserName' is set.");
        }

        if (string.IsNullOrEmpty(smtp.UserName) && !string.IsNullOrEmpty(smtp.Password))
        {
            failures.Add("Setting 'Notifications__Smtp__UserName' is required when 'Notifications__Smtp__Password' is set.");
        }
    }

    private static void ValidateWebhook(WebhookOptions webhook, List<string> failures)
    {
        if (!webhook.IsEnabled)
        {
            return;
        }

        if (!webhook.Url!.IsAbsoluteUri || (webhook.Url.Scheme != Uri.UriSchemeHttps && webhook.Url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Setting 'Notifications__Webhook__Url' must be an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(webhook.Secret))
        {
            failures.Add("Setting 'Notifications__Webhook__Secret' is required when 'Notifications__Webhook__Url' is set.");
        }
        else if (!WebhookSignature.TryReadSecret(webhook.Secret, out _))
        {
            failures.Add($"Setting 'Notifications__Webhook__Secret' must be 'whsec_' and the base64 of {WebhookSignature.MinSecretBytes} to {WebhookSignature.MaxSecretBytes} random bytes.");
        }

        if (!string.IsNullOrEmpty(webhook.PreviousSecret) && !WebhookSignature.TryReadSecret(webhook.PreviousSecret, out _))
        {
            failures.Add($"Setting 'Notifications__Webhook__PreviousSecret' must be empty or, like the secret, 'whsec_' and the base64 of {WebhookSignature.MinSecretBytes} to {WebhookSignature.MaxSecretBytes} random bytes.");
        }
    }
}
