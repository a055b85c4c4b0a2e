using JetPay.Payments.Payments;

namespace JetPay.Payments.Tests.Payments;

public class PaymentStatusTransitionsTests
{
    private const long OrderAmount = 10000;
    private const string OrderCurrency = "KZT";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static ReportedStatus Report(string status, int second, long? amount = OrderAmount, string? currency = OrderCurrency) =>
        new(status, amount, currency, Start.AddSeconds(second));

    private static PaymentState Resolve(params ReportedStatus[] reports) =>
        PaymentStatusTransitions.Resolve(OrderAmount, OrderCurrency, reports);

    [Fact]
    public void With_no_callback_the_payment_is_pending()
    {
        Assert.Equal(new PaymentState("pending", null, null), Resolve());
    }

    [Fact]
    public void A_success_for_the_order_amount_is_success_decided_when_it_arrived()
    {
        Assert.Equal(new PaymentState("success", null, Start.AddSeconds(2)), Resolve(Report("processing", 1), Report("success", 2)));
    }

    [Theory]
    [InlineData("processing", "success")]
    [InlineData("awaiting customer", "success")]
    [InlineData("decline", "success")]
    [InlineData("success", "refunded")]
    [InlineData("success", "partially refunded")]
    [InlineData("partially refunded", "refunded")]
    [InlineData("processing", "decline")]
    public void The_more_advanced_status_wins_whichever_arrived_last(string earlier, string later)
    {
        Assert.Equal(later, Resolve(Report(earlier, 1), Report(later, 2)).Status);
        Assert.Equal(later, Resolve(Report(later, 1), Report(earlier, 2)).Status);
    }

    [Fact]
    public void Within_the_in_progress_stage_the_latest_report_wins()
    {
        Assert.Equal("awaiting 3ds result", Resolve(Report("processing", 1), Report("awaiting 3ds result", 2)).Status);
        Assert.Equal("processing", Resolve(Report("awaiting 3ds result", 1), Report("processing", 2)).Status);
    }

    [Fact]
    public void Within_a_final_stage_the_first_report_stays()
    {
        Assert.Equal("decline", Resolve(Report("expired", 3), Report("decline", 1)).Status);
    }

    [Theory]
    [InlineData(5000L, "KZT", "the order is 10000 KZT (minor units) but JetPay reported 5000 KZT")]
    [InlineData(10000L, "USD", "the order is 10000 KZT (minor units) but JetPay reported 10000 USD")]
    [InlineData(null, null, "the success callback carries no payment.sum")]
    public void A_success_for_another_sum_is_held_for_review_with_the_reason(long? amount, string? currency, string reason)
    {
        var state = Resolve(Report("success", 1, amount, currency));

        Assert.Equal(("review", reason), (state.Status, state.ReviewReason));
    }

    [Fact]
    public void One_mismatched_success_holds_the_payment_for_review_beside_a_matching_one()
    {
        Assert.Equal("review", Resolve(Report("success", 1), Report("success", 2, amount: 1)).Status);
        Assert.Equal("review", Resolve(Report("success", 1, amount: 1), Report("success", 2)).Status);
    }

    [Fact]
    public void A_refund_after_a_review_moves_on_to_refunded()
    {
        Assert.Equal("refunded", Resolve(Report("success", 1, amount: 1), Report("refunded", 2)).Status);
    }

    [Fact]
    public void The_answer_does_not_depend_on_the_order_the_reports_are_read_in()
    {
        var reports = new[]
        {
            Report("processing", 1), Report("awaiting customer", 2), Report("decline", 3), Report("processing", 4),
            Report("success", 5), Report("awaiting customer", 6), Report("expired", 6), Report("error", 6),
        };
        var expected = Resolve(reports);

        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(expected, Resolve([.. reports.OrderBy(_ => random.Next())]));
        }

        Assert.Equal("success", expected.Status);
    }

    [Fact]
    public void Reports_in_the_same_instant_give_the_same_answer_in_either_order()
    {
        Assert.Equal(Resolve(Report("decline", 1), Report("error", 1)), Resolve(Report("error", 1), Report("decline", 1)));
        Assert.Equal(Resolve(Report("processing", 1), Report("awaiting customer", 1)), Resolve(Report("awaiting customer", 1), Report("processing", 1)));
    }

    [Fact]
    public void A_report_without_a_status_changes_nothing()
    {
        Assert.Equal("processing", Resolve(Report("processing", 1), Report("", 2)).Status);
    }

    [Theory]
    [InlineData("pending", true)]
    [InlineData("processing", true)]
    [InlineData("awaiting customer", true)]
    [InlineData("decline", false)]
    [InlineData("success", false)]
    [InlineData("review", false)]
    [InlineData("refunded", false)]
    public void Only_a_payment_not_yet_final_is_open(string status, bool open)
    {
        Assert.Equal(open, PaymentStatusTransitions.IsOpen(status));
    }
}
