namespace JetPay.Sandbox.Callbacks;

/// <summary>
/// When JetPay delivers a callback again after an answer other than 200, as ECommPay documents it for the Payment
/// Page: the first attempt at once; then six more 10 seconds apart; then attempt <c>n</c> after
/// <c>70 + 10 · 1.12^(n − 4)</c> seconds, until that exceeds 4 hours; then every 4 hours, to 120 attempts in all.
/// That is about 10¼ days, within the documented "120 attempts within 11 days".
/// </summary>
internal sealed class RetrySchedule(double scale, int maxAttempts)
{
    public const int PlatformMaxAttempts = 120;

    private const int FixedRetries = 6;
    private static readonly TimeSpan FixedInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestInterval = TimeSpan.FromHours(4);

    /// <summary>The platform's own schedule.</summary>
    public static RetrySchedule Platform { get; } = new(1, PlatformMaxAttempts);

    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>How long to wait before attempt <paramref name="attempt"/> (1-based), after the previous one.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return Scale(PlatformDelayBefore(attempt));
    }

    private static TimeSpan PlatformDelayBefore(int attempt)
    {
        if (attempt == 1)
        {
            return TimeSpan.Zero;
        }

        if (attempt <= 1 + FixedRetries)
        {
            return FixedInterval;
        }

        var seconds = 70 + (10 * Math.Pow(1.12, attempt - 4));
        return seconds >= LongestInterval.TotalSeconds ? LongestInterval : TimeSpan.FromSeconds(seconds);
    }

    private TimeSpan Scale(TimeSpan delay) => TimeSpan.FromTicks((long)(delay.Ticks * scale));
}
