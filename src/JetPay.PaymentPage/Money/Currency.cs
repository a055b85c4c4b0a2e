using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JetPay.PaymentPage;

/// <summary>
/// An ISO 4217 currency: its alpha-3 code, numeric code and number of minor units (decimal places), with the exact
/// formatting of minor units (what the protocol sends) as major units (what people read). No floating point.
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

    /// <summary>The ISO 4217 code (<see cref="Code"/>).</summary>
    public override string ToString() => Code;

}
