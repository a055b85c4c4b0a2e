using System.Text;

namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>PHP's strnatcmp, the order of the signing string's entries.</summary>
public class NaturalOrderTests
{
    private static int Compare(string a, string b) => Math.Sign(NaturalOrder.Compare(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b)));

    [Fact]
    public void Runs_of_digits_compare_by_numeric_value() => Assert.Equal(-1, Compare("items:9", "items:10"));

    [Fact]
    public void Runs_of_digits_with_a_leading_zero_compare_digit_by_digit() => Assert.Equal(-1, Compare("x:01", "x:1"));

    [Fact]
    public void Zeros_in_front_of_a_number_at_the_start_are_skipped() => Assert.Equal(0, Compare("007", "7"));

    [Fact]
    public void Letters_compare_by_byte_so_upper_case_comes_first() => Assert.Equal(-1, Compare("B", "a"));

    [Fact]
    public void White_space_is_skipped() => Assert.Equal(0, Compare("a b", "ab"));

    [Fact]
    public void A_prefix_comes_first() => Assert.Equal(-1, Compare("payment", "payment:id"));

    [Fact]
    public void Non_ascii_letters_compare_by_their_utf8_bytes() => Assert.Equal(-1, Compare("Z", "Ә"));
}
