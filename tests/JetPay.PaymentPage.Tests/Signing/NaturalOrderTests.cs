using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Fact]
    public void A_string_ending_in_white_space_ties_with_itself_plus_more_white_space()
    {
        Assert.Equal(0, Compare("a ", "a  "));
        Assert.Equal(0, Compare("a\t", "a \n "));
        Assert.Equal(-1, Compare("a ", "a b"));
        Assert.Equal(-1, Compare("a", "a "));
    }

    [Fact]
    public void White_space_right_after_a_number_is_compared_as_a_character_so_a_string_ending_there_comes_first()
    {
        Assert.Equal(-1, Compare("9\t", "9\t   "));
        Assert.Equal(0, Compare("9\t ", "9\t   "));
    }

    [Property(MaxTest = 10000)]
    public Property Agrees_with_a_plain_port_of_php_on_short_strings_of_letters_digits_and_white_space() =>
        Prop.ForAll(Arb.From(Gen.Two(ShortString)), pair =>
        {
            var (a, b) = (Encoding.UTF8.GetBytes(pair.Item1), Encoding.UTF8.GetBytes(pair.Item2));
            return Math.Sign(NaturalOrder.Compare(a, b)) == PhpStrnatcmp.Compare(a, b);
        });

    [Property(MaxTest = 10000)]
    public Property Cutting_runs_of_white_space_to_two_bytes_changes_no_comparison() =>
        Prop.ForAll(Arb.From(Gen.Two(ShortString)), pair =>
        {
            var (a, b) = (Encoding.UTF8.GetBytes(pair.Item1), Encoding.UTF8.GetBytes(pair.Item2));
            var (shortA, shortB) = (Shortened(a), Shortened(b));
            return (Math.Sign(NaturalOrder.Compare(shortA, shortB)) == PhpStrnatcmp.Compare(a, b))
                .Label($"cut: [{Encoding.UTF8.GetString(shortA)}] vs [{Encoding.UTF8.GetString(shortB)}]")
                .And(NaturalOrder.HasLongWhiteSpaceRun(a) == (shortA.Length < a.Length));
        });

    private static readonly Gen<string> ShortString =
        Gen.Elements("a", "b", "0", "1", "9", " ", "\t", "   ", "\n\n\n\n").ArrayOf().Where(parts => parts.Length < 7).Select(string.Concat);

    private static byte[] Shortened(byte[] s)
    {
        var copy = new byte[s.Length];
        return copy[..NaturalOrder.CopyWithShortWhiteSpaceRuns(s, copy)];
    }
}
