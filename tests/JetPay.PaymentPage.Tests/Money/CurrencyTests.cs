using JetPay.Testing;

namespace JetPay.PaymentPage.Tests.Money;

public class CurrencyTests
{
    private static Currency Get(string code) => Currency.TryGet(code, out var currency) ? currency : throw new InvalidOperationException(code);

    [Theory]
    [InlineData("KZT", 398, 2)]
    [InlineData("USD", 840, 2)]
    [InlineData("EUR", 978, 2)]
    [InlineData("JPY", 392, 0)]
    [InlineData("CLP", 152, 0)]
    [InlineData("ISK", 352, 0)]
    [InlineData("UGX", 800, 0)]
    [InlineData("VND", 704, 0)]
    [InlineData("KWD", 414, 3)]
    [InlineData("BHD", 48, 3)]
    [InlineData("TND", 788, 3)]
    [InlineData("OMR", 512, 3)]
    [InlineData("JOD", 400, 3)]
    [InlineData("IQD", 368, 3)]
    [InlineData("LYD", 434, 3)]
    [InlineData("ALL", 8, 2)]
    public void The_table_holds_iso_4217_codes_numbers_and_minor_units(string code, int numeric, int minorUnits)
    {
        var currency = Get(code);

        Assert.Equal((code, numeric, minorUnits), (currency.Code, currency.NumericCode, currency.MinorUnits));
    }

    [Fact]
    public void The_table_has_unique_codes_and_numbers_and_only_0_2_or_3_minor_units()
    {
        Assert.True(Currency.All.Count > 150);
        Assert.Equal(Currency.All.Count, Currency.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(Currency.All.Count, Currency.All.Select(c => c.NumericCode).Distinct().Count());
        Assert.All(Currency.All, c => Assert.Contains(c.MinorUnits, new[] { 0, 2, 3 }));
        Assert.All(Currency.All, c => Assert.Matches("^[A-Z]{3}$", c.Code));
    }

    [Theory]
    [InlineData("kzt")]
    [InlineData(" KZT")]
    [InlineData("KZ")]
    [InlineData("XXX")]
    [InlineData("XAU")]
    [InlineData("")]
    [InlineData(null)]
    public void Lookup_takes_only_an_exact_upper_case_code_of_a_currency_in_circulation(string? code) =>
        Assert.False(Currency.TryGet(code, out _));

    [Theory]
    [InlineData("KZT", 10000, "100.00")]
    [InlineData("KZT", 5, "0.05")]
    [InlineData("KZT", -5, "-0.05")]
    [InlineData("KZT", -12345, "-123.45")]
    [InlineData("JPY", 500, "500")]
    [InlineData("JPY", -500, "-500")]
    [InlineData("KWD", 1234, "1.234")]
    [InlineData("KWD", 1, "0.001")]
    [InlineData("USD", 0, "0.00")]
    [InlineData("USD", long.MinValue, "-92233720368547758.08")]
    [InlineData("USD", long.MaxValue, "92233720368547758.07")]
    public void Minor_units_format_as_major_units_with_the_currencys_decimal_places(string code, long minor, string expected) =>
        Assert.Equal(expected, Get(code).FormatMajorUnits(minor));

    [Fact]
    public void Major_units_convert_to_minor_units_exactly()
    {
        Assert.Equal(10050, Get("KZT").ToMinorUnits(100.5m));
        Assert.Equal(500, Get("JPY").ToMinorUnits(500m));
        Assert.Equal(1234, Get("KWD").ToMinorUnits(1.234m));
        Assert.Equal(-1, Get("USD").ToMinorUnits(-0.01m));
    }

    [Fact]
    public void Converting_more_decimal_places_than_the_currency_has_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Get("KZT").ToMinorUnits(1.005m));
        Assert.Throws<ArgumentException>(() => Get("JPY").ToMinorUnits(1.5m));
    }

    [Fact]
    public void Converting_beyond_the_range_of_a_long_is_an_overflow() =>
        Assert.Throws<OverflowException>(() => Get("USD").ToMinorUnits(100_000_000_000_000_000m));

    [Theory]
    [InlineData("KZT", "100", 10000)]
    [InlineData("KZT", "100.5", 10050)]
    [InlineData("KZT", "100.50", 10050)]
    [InlineData("KZT", "-0.05", -5)]
    [InlineData("KWD", "1.234", 1234)]
    [InlineData("JPY", "500", 500)]
    [InlineData("USD", "-92233720368547758.08", long.MinValue)]
    public void Strict_major_unit_text_parses_to_minor_units(string code, string text, long expected)
    {
        Assert.True(Get(code).TryParseMajorUnits(text, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("KZT", "100.505")]
    [InlineData("JPY", "500.0")]
    [InlineData("KZT", "1,000.00")]
    [InlineData("KZT", " 100")]
    [InlineData("KZT", "+100")]
    [InlineData("KZT", "1e3")]
    [InlineData("KZT", ".5")]
    [InlineData("KZT", "5.")]
    [InlineData("KZT", "-")]
    [InlineData("KZT", "")]
    [InlineData("KZT", "١٢")]
    [InlineData("USD", "92233720368547758.08")]
    public void Anything_else_does_not_parse(string code, string text) =>
        Assert.False(Get(code).TryParseMajorUnits(text, out _));

    [Fact]
    public void Formatting_then_parsing_gives_back_the_same_minor_units()
    {
        foreach (var currency in Currency.All)
        {
            foreach (var minor in new long[] { 0, 1, -1, 99, 100, 1001, -123456789, long.MaxValue, long.MinValue })
            {
                Assert.True(currency.TryParseMajorUnits(currency.FormatMajorUnits(minor), out var parsed));
                Assert.Equal(minor, parsed);
            }
        }
    }
}
