using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>How a JSON number appears in the signing string.</summary>
/// <remarks>
/// An integer is written as its JSON digits, whatever its size, so nothing is lost to a conversion.
/// A number with a fraction or an exponent is written the way PHP turns a float into a string
/// (<c>precision = 14</c>: <c>1.50</c> → <c>1.5</c>, <c>1.0</c> → <c>1</c>, <c>1e20</c> → <c>1.0E+20</c>),
/// since the reference SDK decodes callbacks with <c>json_decode</c> and signs <c>(string)$value</c>.
/// The platform sends amounts and ids as integers, so this only matters for unusual payloads.
/// </remarks>
internal static class JsonNumberText
{
    public static void AppendAsPhpString(ReadOnlySpan<byte> jsonNumber, SigningEntries entries)
    {
        if (jsonNumber.IndexOfAny("."u8 + "eE"u8) < 0)
        {
            entries.Append(jsonNumber);
            return;
        }

        var value = double.Parse(jsonNumber, NumberStyles.Float, CultureInfo.InvariantCulture);
        Span<char> text = stackalloc char[32];
        var length = FormatLikePhp(value, text);
        var destination = entries.GetSpan(length);
        for (var i = 0; i < length; i++)
        {
            destination[i] = (byte)text[i];
        }

        entries.Advance(length);
    }

    internal static int FormatLikePhp(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no infinities, but a number too large for a double reads as one, as in PHP.
            var text = value > 0 ? "INF" : "-INF";
            text.CopyTo(destination);
            return text.Length;
        }

        // "G14" switches to an exponent at the same magnitudes as PHP; only the exponent's spelling differs.
        value.TryFormat(destination, out var written, "G14", CultureInfo.InvariantCulture);
        var e = destination[..written].IndexOf('E');
        if (e < 0)
        {
            return written;
        }

        Span<char> exponent = stackalloc char[8];
        var sign = destination[e + 1];
        var digits = destination[(e + 2)..written].TrimStart('0');
        digits.CopyTo(exponent);
        var exponentLength = digits.Length;

        var position = e;
        if (destination[..e].IndexOf('.') < 0)
        {
            ".0".CopyTo(destination[position..]);
            position += 2;
        }

        destination[position++] = 'E';
        destination[position++] = sign;
        exponent[..exponentLength].CopyTo(destination[position..]);
        return position + exponentLength;
    }
}
