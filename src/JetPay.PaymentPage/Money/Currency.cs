using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>
/// An ISO 4217 currency: its alpha-3 code, numeric code and number of minor units (decimal places), with exact
/// conversions between minor units (what the protocol sends) and major units (what people read). No floating point.
/// </summary>
/// <remarks>
/// The table (<see cref="All"/>) holds the currencies of ISO 4217 list one in circulation, with 0, 2 or 3 minor units.
/// It leaves out fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals and other units without
/// minor units (XAU, XAG, XPD, XPT, XDR, XSU, XUA, XBA–XBD) and the codes for testing and for no currency (XTS, XXX):
/// none of them is a currency a customer pays in. Withdrawn codes (HRK, ANG, SLL, ZWL, CUC …) are left out too.
/// </remarks>
public sealed class Currency
{
    private static readonly FrozenDictionary<string, Currency> ByCode = CurrencyTable.Entries
        .Select(entry => new Currency(entry.Code, entry.Numeric, entry.MinorUnits))
        .ToFrozenDictionary(currency => currency.Code, StringComparer.Ordinal);

    private readonly long _factor;

    private Currency(string code, int numericCode, int minorUnits)
    {
        Code = code;
        NumericCode = numericCode;
        MinorUnits = minorUnits;
        _factor = minorUnits switch { 0 => 1, 2 => 100, 3 => 1000, _ => throw new ArgumentOutOfRangeException(nameof(minorUnits)) };
    }

    /// <summary>The alpha-3 code, upper case: <c>KZT</c>.</summary>
    public string Code { get; }

    /// <summary>The numeric code: 398 for KZT.</summary>
    public int NumericCode { get; }

    /// <summary>The number of decimal places of the minor unit: 0, 2 or 3.</summary>
    public int MinorUnits { get; }

    /// <summary>Every currency in the table.</summary>
    public static IReadOnlyCollection<Currency> All => ByCode.Values;

    /// <summary>Finds a currency by its alpha-3 code, exactly as ISO writes it (upper case, no white space).</summary>
    public static bool TryGet(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is not null && ByCode.TryGetValue(code, out currency);
    }

    /// <summary>
    /// An amount in minor units written in major units with the invariant culture:
    /// 10000 KZT → <c>100.00</c>, 500 JPY → <c>500</c>, 1234 KWD → <c>1.234</c>, -5 USD → <c>-0.05</c>.
    /// </summary>
    public string FormatMajorUnits(long minorUnits)
    {
        var negative = minorUnits < 0;

        // Negating long.MinValue overflows; its magnitude still fits in an unsigned long.
        var magnitude = negative ? unchecked((ulong)(-(minorUnits + 1))) + 1 : (ulong)minorUnits;
        var whole = magnitude / (ulong)_factor;
        var sign = negative ? "-" : string.Empty;
        if (MinorUnits == 0)
        {
            return sign + whole.ToString(CultureInfo.InvariantCulture);
        }

        var fraction = magnitude % (ulong)_factor;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole}.{fraction.ToString("D" + MinorUnits, CultureInfo.InvariantCulture)}");
    }

    /// <summary>An amount in major units converted to minor units: 100.5 KZT → 10050.</summary>
    /// <exception cref="ArgumentException">The amount has more decimal places than the currency has minor units.</exception>
    /// <exception cref="OverflowException">The amount in minor units does not fit in a <see cref="long"/>.</exception>
    public long ToMinorUnits(decimal majorUnits)
    {
        var minor = majorUnits * _factor;
        if (minor != decimal.Truncate(minor))
        {
            throw new ArgumentException($"{Code} has {MinorUnits} decimal places; {majorUnits.ToString(CultureInfo.InvariantCulture)} has more.", nameof(majorUnits));
        }

        return decimal.ToInt64(minor);
    }

    /// <summary>
    /// Reads an amount in major units, invariant and strict: an optional <c>-</c>, digits, and for a currency with minor
    /// units optionally <c>.</c> and one to <see cref="MinorUnits"/> digits (<c>100</c>, <c>100.5</c>, <c>100.50</c>).
    /// No group separators, white space, exponent or <c>+</c>.
    /// </summary>
    public bool TryParseMajorUnits(string? text, out long minorUnits)
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
        if (wholeDigits.IsEmpty || !IsDigits(wholeDigits) || (point >= 0 && (fractionDigits.IsEmpty || fractionDigits.Length > MinorUnits || !IsDigits(fractionDigits))))
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

                for (var i = 0; i < MinorUnits; i++)
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

    public override string ToString() => Code;

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
