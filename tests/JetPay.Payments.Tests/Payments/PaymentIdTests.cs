using JetPay.Payments.Payments;

namespace JetPay.Payments.Tests.Payments;

public class PaymentIdTests
{
    [Theory]
    [InlineData("order-1001")]
    [InlineData("payment_47")]
    [InlineData("A.b-C_9")]
    public void Letters_digits_dash_underscore_and_dot_are_accepted(string value)
    {
        Assert.True(PaymentId.TryParse(value, out var id));
        Assert.Equal(value, id.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a#b")]
    [InlineData("заказ-1")]
    [InlineData("a;b")]
    public void Characters_unsafe_in_a_url_blob_or_table_key_are_rejected(string value)
    {
        Assert.False(PaymentId.TryParse(value, out _));
    }

    [Fact]
    public void More_than_64_characters_are_rejected()
    {
        Assert.True(PaymentId.TryParse(new string('a', 64), out _));
        Assert.False(PaymentId.TryParse(new string('a', 65), out _));
    }

    [Fact]
    public void New_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => PaymentId.New()).ToList();

        Assert.All(ids, id => Assert.True(PaymentId.TryParse(id.Value, out _)));
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("pay_", id.Value, StringComparison.Ordinal));
    }
}
