using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>
/// A JSON number with a fraction or an exponent as it appears in the signing string: the way PHP turns a float into a
/// string (<c>precision = 14</c>: <c>1.50</c> → <c>1.5</c>, <c>1.0</c> → <c>1</c>, <c>1e20</c> → <c>1.0E+20</c>), since
/// the reference SDK decodes callbacks with <c>json_decode</c> and signs <c>(string)$value</c>. The platform sends
/// amounts and ids as integers, so this only matters for unusual payloads.
/// </summary>
internal static class PhpFloat
{
    public static string ToString(double value)
    {
        if (double.IsInfinity(value))
        {
            // JSON has no infinities, but a number too large for a double reads as one, as in PHP.
            return value > 0 ? "INF" : "-INF";
        }

        // "G14" switches to an exponent at the same magnitudes as PHP; only the exponent's spelling differs (1E+20, 1E-05).
        var text = value.ToString("G14", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var mantissa = text[..e].Contains('.', StringComparison.Ordinal) ? text[..e] : text[..e] + ".0";
        return $"{mantissa}E{text[e + 1]}{text[(e + 2)..].TrimStart('0')}";
    }
}
