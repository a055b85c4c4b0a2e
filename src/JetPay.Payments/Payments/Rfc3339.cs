using System.Globalization;
using System.Text.RegularExpressions;

namespace JetPay.Payments.Payments;

/// <summary>The API's one date-time format: RFC 3339 with an offset (<c>2026-12-06T12:30:00Z</c>, <c>…+05:00</c>).</summary>
internal static partial class Rfc3339
{
    /// <summary>
    /// Reads <paramref name="text"/> if it is RFC 3339 with an offset; .NET's own parser alone would also take local
    /// times and other cultures' spellings.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Shape().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
