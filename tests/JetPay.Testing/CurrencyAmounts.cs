using System.Globalization;
using JetPay.PaymentPage;

namespace JetPay.Testing;

/// <summary>Amounts in major units, read exactly, for tests: the app itself only formats minor units.</summary>
public static class CurrencyAmounts
{
    /// <summary>An amount in major units converted to minor units: 100.5 KZT → 10050.</summary>
    /// <exception cref="ArgumentException">The amount has more decimal places than the currency has minor units.</exception>
    /// <exception cref="OverflowException">The amount in minor units does not fit in a <see cref="long"/>.</exception>
    public static long ToMinorUnits(this Currency currency, decimal majorUnits)
    {
        var minor = majorUnits * Factor(currency);
        if (minor != decimal.Truncate(minor))
        {
            throw new ArgumentException($"{currency.Code} has {currency.MinorUnits} decimal places; {majorUnits.ToString(CultureInfo.InvariantCulture)} has more.", nameof(majorUnits));
        }

        return decimal.ToInt64(minor);
    }

    /// <summary>
    /// Reads an amount in major units, invariant and strict: an optional <c>-</c>, digits, and for a currency with minor
    /// units optionally <c>.</c> and one to <see cref="Currency.MinorUnits"/> digits (<c>100</c>, <c>100.5</c>, <c>100.50</c>).
    /// No group separators, white space, exponent or <c>+</c>.
    /// </summary>
    public static bool TryParseMajorUnits(this Currency currency, string? text, out long minorUnits)
    {
        minorUnits = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var wholeDigits = point < 0 ? span : span[..point];
        var fractionDigits = point < 0 ? ReadOnlySpan<char>.Empty : span[(point + 1)..];
        if (wholeDigits.IsEmpty || !IsDigits(wholeDigits) || (point >= 0 && (fractionDigits.IsEmpty || fractionDigits.Length > currency.MinorUnits || !IsDigits(fractionDigits))))
        {
            return false;
        }

        // Accumulate negatively so that long.MinValue is reachable; checked arithmetic rejects anything beyond.
        long value = 0;
        try
        {
            checked
            {
                foreach (var digit in wholeDigits)
                {
                    value = (value * 10) - (digit - '0');
                }

                for (var i = 0; i < currency.MinorUnits; i++)
                {
                    value = (value * 10) - (i < fractionDigits.Length ? fractionDigits[i] - '0' : 0);
                }

                minorUnits = negative ? value : -value;
            }
        }
        catch (OverflowException)
        {
            minorUnits = 0;
            return false;
        }

        return true;
    }

    private static long Factor(Currency currency) => currency.MinorUnits switch { 0 => 1, 2 => 100, _ => 1000 };

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
