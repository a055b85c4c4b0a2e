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
        PaymentStatusTransitions.Resolve(OrderAmount, OrderCurrency, expiresAt: null, Start.AddHours(1), reports);

    /// <summary>An order that expires 10 seconds after <see cref="Start"/>, read at <paramref name="second"/>.</summary>
    private static PaymentState ResolveExpiring(int second, params ReportedStatus[] reports) =>
        PaymentStatusTransitions.Resolve(OrderAmount, OrderCurrency, Start.AddSeconds(10), Start.AddSeconds(second), reports);

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
    [InlineData(5000L, "KZT")]
    [InlineData(10000L, "USD")]
    [InlineData(null, null)]
    public void A_success_for_another_sum_is_held_for_review_with_the_reason(long? amount, string? currency)
    {
        var state = Resolve(Report("success", 1, amount, currency));

        Assert.Equal(("review", "amount_mismatch"), (state.Status, state.ReviewReason));
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

    [Fact]
    public void Before_its_expiry_an_open_payment_stays_open_and_after_it_reads_expired_from_that_moment()
    {
        Assert.Equal(new PaymentState("processing", null, Start.AddSeconds(2)), ResolveExpiring(9, Report("processing", 2)));
        Assert.Equal(new PaymentState("pending", null, null), ResolveExpiring(9));
        Assert.Equal(new PaymentState("expired", null, Start.AddSeconds(10)), ResolveExpiring(10));
        Assert.Equal(new PaymentState("expired", null, Start.AddSeconds(10)), ResolveExpiring(60, Report("processing", 2)));
    }

    [Fact]
    public void A_payment_that_ended_before_its_expiry_keeps_its_end()
    {
        Assert.Equal("success", ResolveExpiring(60, Report("success", 9)).Status);
        Assert.Equal("decline", ResolveExpiring(60, Report("decline", 9)).Status);
        Assert.Equal("canceled", ResolveExpiring(60, Report("canceled", 9)).Status);
    }

    // Every pair of (expired, canceled) × (success, decline, refund, late processing), the closing one first.
    [Theory]
    [InlineData("expired", "success", "review", "paid_after_expiry")]
    [InlineData("expired", "decline", "expired", null)]
    [InlineData("expired", "refunded", "refunded", null)]
    [InlineData("expired", "processing", "expired", null)]
    [InlineData("canceled", "success", "review", "paid_after_cancel")]
    [InlineData("canceled", "decline", "canceled", null)]
    [InlineData("canceled", "refunded", "refunded", null)]
    [InlineData("canceled", "processing", "canceled", null)]
    [InlineData("cancelled", "success", "review", "paid_after_cancel")]
    public void After_a_payment_closed_money_is_held_for_review_and_nothing_else_reopens_it(string closing, string later, string status, string? reason)
    {
        // JetPay's own callback closing the payment, in either order of reading.
        var state = Resolve(Report(closing, 1), Report(later, 2));
        Assert.Equal((status, reason), (state.Status, state.ReviewReason));
        Assert.Equal(state, Resolve(Report(later, 2), Report(closing, 1)));
    }

    [Theory]
    [InlineData("success", "review", "paid_after_expiry")]
    [InlineData("decline", "expired", null)]
    [InlineData("refunded", "refunded", null)]
    [InlineData("processing", "expired", null)]
    public void The_apps_own_expiry_means_what_jetpays_expired_means(string later, string status, string? reason)
    {
        var state = ResolveExpiring(60, Report("processing", 2), Report(later, 11));

        Assert.Equal((status, reason), (state.Status, state.ReviewReason));
    }

    [Fact]
    public void Money_that_came_before_the_cancellation_stays_paid_and_money_after_it_is_held()
    {
        Assert.Equal(new PaymentState("success", null, Start.AddSeconds(1)), Resolve(Report("success", 1), Report("canceled", 2)));
        Assert.Equal(new PaymentState("review", "paid_after_cancel", Start.AddSeconds(2)), Resolve(Report("canceled", 1), Report("success", 2)));
    }

    [Fact]
    public void Money_for_another_sum_after_the_payment_closed_is_held_as_a_mismatch()
    {
        var state = Resolve(Report("canceled", 1), Report("success", 2, amount: 1));

        Assert.Equal(("review", "amount_mismatch"), (state.Status, state.ReviewReason));
    }

    [Theory]
    [InlineData("review")]
    [InlineData("REVIEW")]
    [InlineData(" pending")]
    public void A_platform_status_spelled_like_the_apps_own_words_is_kept_apart_and_in_progress(string reported)
    {
        var state = Resolve(Report(reported, 1));

        Assert.Equal("jetpay:" + reported, state.Status);
        Assert.True(PaymentStatusTransitions.IsOpen(state.Status));
        Assert.Equal("success", Resolve(Report(reported, 1), Report("success", 2)).Status);
    }

    [Fact]
    public void An_expired_payment_is_not_open()
    {
        Assert.False(PaymentStatusTransitions.IsOpen(ResolveExpiring(11).Status));
    }
}
