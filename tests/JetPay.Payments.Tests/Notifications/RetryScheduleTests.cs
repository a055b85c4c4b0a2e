using JetPay.Payments.Notifications;

namespace JetPay.Payments.Tests.Notifications;

public class RetryScheduleTests
{
    [Fact]
    public void The_default_grows_from_seconds_to_ten_hours_and_lasts_over_three_days_in_thirteen_attempts()
    {
        var schedule = RetrySchedule.Default;

        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5)],
            schedule.Delays.Take(5));
        Assert.All(schedule.Delays.Skip(5), delay => Assert.Equal(TimeSpan.FromHours(10), delay));
        Assert.Equal(13, schedule.Attempts);
        Assert.Equal(new TimeSpan(3, 5, 35, 5), schedule.Total);
        Assert.True(schedule.Total >= TimeSpan.FromDays(3));
        Assert.Equal(RetrySchedule.DefaultText, schedule.ToString());
    }

    [Theory]
    [InlineData(0.0, 0.9)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.999999, 1.1)]
    public void A_delay_is_moved_by_at_most_a_tenth_either_way(double random, double factor)
    {
        var delay = RetrySchedule.Default.DelayAfter(2, random);

        Assert.NotNull(delay);
        Assert.Equal(TimeSpan.FromMinutes(5).TotalSeconds * factor, delay.Value.TotalSeconds, precision: 2);
    }

    [Fact]
    public void After_the_last_delay_there_is_no_next_attempt()
    {
        var schedule = RetrySchedule.Parse("00:00:01, 00:00:02");

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], schedule.Delays);
        Assert.NotNull(schedule.DelayAfter(2, 0.5));
        Assert.Null(schedule.DelayAfter(3, 0.5));
        Assert.Null(schedule.DelayAfter(0, 0.5));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5s")]
    [InlineData("00:00:05;00:05:00")]
    [InlineData("00:00:00.500")]
    [InlineData("8.00:00:00")]
    [InlineData("-00:00:05")]
    public void A_setting_that_is_not_a_list_of_delays_between_a_second_and_a_week_is_refused(string text) =>
        Assert.Throws<FormatException>(() => RetrySchedule.Parse(text));

    [Fact]
    public void Days_may_be_written_as_d_hh_mm_ss()
    {
        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromHours(36)], RetrySchedule.Parse("1.00:00:00,1.12:00:00").Delays);
    }
}
