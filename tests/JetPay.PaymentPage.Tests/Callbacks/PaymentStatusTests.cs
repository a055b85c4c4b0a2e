namespace JetPay.PaymentPage.Tests.Callbacks;

public class PaymentStatusTests
{
    [Theory]
    [InlineData("success")]
    [InlineData("decline")]
    [InlineData("awaiting 3ds result")]
    [InlineData("awaiting customer")]
    [InlineData("external processing")]
    [InlineData("partially refunded")]
    [InlineData("scheduled recurring processing")]
    [InlineData("partially paid")]
    public void Documented_statuses_are_known(string value) => Assert.True(PaymentStatus.Parse(value).IsKnown);

    [Fact]
    public void Matching_a_known_status_ignores_case_and_surrounding_white_space() =>
        Assert.Equal(PaymentStatus.AwaitingCustomer, PaymentStatus.Parse("  Awaiting Customer "));

    [Fact]
    public void An_unknown_status_keeps_the_raw_string()
    {
        var status = PaymentStatus.Parse(" Brand New ");

        Assert.False(status.IsKnown);
        Assert.False(status.IsFinal);
        Assert.Equal(" Brand New ", status.Value);
    }

    [Fact]
    public void A_missing_status_is_empty_and_unknown()
    {
        Assert.Equal(string.Empty, PaymentStatus.Parse(null).Value);
        Assert.False(PaymentStatus.Parse(null).IsKnown);
        Assert.Equal(string.Empty, default(PaymentStatus).Value);
    }

    [Fact]
    public void Canceled_and_the_older_cancelled_mean_the_same()
    {
        Assert.Equal(PaymentStatus.Canceled, PaymentStatus.Parse("cancelled"));
        Assert.Equal(PaymentStatus.Canceled.GetHashCode(), PaymentStatus.Cancelled.GetHashCode());
        Assert.True(PaymentStatus.Parse("cancelled").IsCanceled);
        Assert.Equal("cancelled", PaymentStatus.Parse("cancelled").Value);
    }

    [Theory]
    [InlineData("success")]
    [InlineData("decline")]
    [InlineData("error")]
    [InlineData("external error")]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    [InlineData("expired")]
    [InlineData("refunded")]
    [InlineData("reversed")]
    public void End_states_are_final(string value) => Assert.True(PaymentStatus.Parse(value).IsFinal);

    [Theory]
    [InlineData("processing")]
    [InlineData("awaiting 3ds result")]
    [InlineData("awaiting customer")]
    [InlineData("awaiting capture")]
    [InlineData("external processing")]
    [InlineData("partially refunded")]
    [InlineData("partially paid")]
    [InlineData("invoice sent")]
    public void States_that_wait_or_can_still_change_are_not_final(string value) => Assert.False(PaymentStatus.Parse(value).IsFinal);
}
