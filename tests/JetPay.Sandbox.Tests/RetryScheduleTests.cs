using JetPay.Sandbox.Callbacks;

namespace JetPay.Sandbox.Tests;

/// <summary>JetPay's documented retry schedule: 120 attempts within 11 days.</summary>
public class RetryScheduleTests
{
    private static IEnumerable<TimeSpan> Delays(RetrySchedule schedule) =>
        Enumerable.Range(1, schedule.MaxAttempts).Select(schedule.DelayBefore);

    [Fact]
    public void The_first_attempt_is_immediate_and_the_next_six_come_10_seconds_apart()
    {
        var delays = Delays(RetrySchedule.Platform).Take(8).ToList();

        Assert.Equal(TimeSpan.Zero, delays[0]);
        Assert.All(delays.Skip(1).Take(6), d => Assert.Equal(TimeSpan.FromSeconds(10), d));
        Assert.True(delays[7] > TimeSpan.FromSeconds(70));
    }

    [Fact]
    public void Intervals_then_grow_and_are_never_longer_than_4_hours()
    {
        var delays = Delays(RetrySchedule.Platform).Skip(7).ToList();

        Assert.Equal(delays.Order(), delays);
        Assert.Equal(TimeSpan.FromHours(4), delays.Max());
        Assert.Equal(TimeSpan.FromHours(4), delays[^1]);
    }

    [Fact]
    public void There_are_120_attempts_within_11_days()
    {
        var total = Delays(RetrySchedule.Platform).Aggregate(TimeSpan.Zero, (sum, d) => sum + d);

        Assert.Equal(120, RetrySchedule.Platform.MaxAttempts);
        Assert.InRange(total, TimeSpan.FromDays(10), TimeSpan.FromDays(11));
    }

    [Fact]
    public void The_retry_scale_multiplies_every_interval()
    {
        var scaled = new RetrySchedule(0.001, 120);

        Assert.Equal(TimeSpan.FromMilliseconds(10), scaled.DelayBefore(2));
        Assert.Equal(TimeSpan.FromSeconds(14.4), scaled.DelayBefore(120));
    }
}
