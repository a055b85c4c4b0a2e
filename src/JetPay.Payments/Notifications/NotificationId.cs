using System.Diagnostics.CodeAnalysis;
using JetPay.Payments.Payments;

namespace JetPay.Payments.Notifications;

/// <summary>
/// Names one delivery of a payment, as the API shows it: the status it tells of and its channel, spelt for a URL path,
/// <c>success-email</c>, <c>partially_refunded-webhook</c> (a status's spaces become <c>_</c>; no notifiable status has one).
/// </summary>
public readonly record struct NotificationId(string Status, NotificationChannel Channel)
{
    public override string ToString() => $"{Status.Replace(' ', '_')}-{Channel.ToString().ToLowerInvariant()}";

    /// <summary>Reads an id the API handed out; only notifiable statuses and known channels.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out NotificationId id)
    {
        id = default;
        var dash = value?.LastIndexOf('-') ?? -1;
        if (value is null || dash <= 0 || !Enum.TryParse<NotificationChannel>(value[(dash + 1)..], ignoreCase: true, out var channel)
            || !Enum.IsDefined(channel) || value[(dash + 1)..] != channel.ToString().ToLowerInvariant())
        {
            return false;
        }

        var status = value[..dash].Replace('_', ' ');
        var canonical = status == PaymentStatusTransitions.ReviewStatus ? status : JetPay.PaymentPage.PaymentStatus.Parse(status).Value;
        if (status != canonical || !PaymentStatusTransitions.IsNotifiable(status))
        {
            return false;
        }

        id = new NotificationId(status, channel);
        return true;
    }
}
