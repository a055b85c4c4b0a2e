using System.Text.RegularExpressions;

namespace JetPay.Payments.Notifications;

/// <summary>E-mail addresses as logs may show them: the first character of the local part and the domain, <c>j***@example.com</c>.</summary>
public static partial class EmailMasking
{
    private const string Hidden = "***";

    /// <summary>The masked address; something that is not an address is hidden whole.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return Hidden;
        }

        var at = address.LastIndexOf('@');
        return at <= 0 || at == address.Length - 1
            ? Hidden
            : string.Concat(address.AsSpan(0, 1), Hidden, address.AsSpan(at));
    }

    /// <summary>The text with every address in it masked, for text that comes from elsewhere (an SMTP server's reply).</summary>
    public static string MaskAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AddressPattern().Replace(text, match => Mask(match.Value));
    }

    [GeneratedRegex(@"[^\s<>()\[\],;:""@]+@[^\s<>()\[\],;:""@]+")]
    private static partial Regex AddressPattern();
}
