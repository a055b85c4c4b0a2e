using System.Globalization;

namespace JetPay.Payments.Notifications;

/// <summary>
/// When a delivery that failed is tried again: the delays after the first, second, … failed attempt, each stretched or
/// shortened at random by up to <see cref="Jitter"/> so that deliveries that failed together do not all come back at
/// the same moment. After the last delay's attempt fails too, the delivery has failed for good.
/// </summary>
/// <remarks>
/// The default, after Standard Webhooks' recommendation, runs a little over three days:
/// 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h seven times (13 attempts, 77 h 35 min 5 s of delays).
/// </remarks>
public sealed class RetrySchedule
{
    /// <summary>The default, as the setting spells it.</summary>
    public const string DefaultText =
        "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,10:00:00,10:00:00,10:00:00,10:00:00,10:00:00,10:00:00";

    /// <summary>How far a delay may move either way, as a share of it.</summary>
    public const double Jitter = 0.1;

    /// <summary>The longest one delay may be.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <summary>The most delays a schedule may have.</summary>
    public const int MaxDelays = 50;

    private RetrySchedule(IReadOnlyList<TimeSpan> delays) => Delays = delays;

    public static RetrySchedule Default { get; } = Parse(DefaultText);

    /// <summary>The delays before the second, third, … attempt, without jitter.</summary>
    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>How many attempts a delivery gets before it has failed: the first and one after each delay.</summary>
    public int Attempts => Delays.Count + 1;

    /// <summary>The sum of the delays: how long after the first attempt the last one comes, give or take the jitter.</summary>
    public TimeSpan Total => Delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);

    /// <summary>The delay before the next attempt after <paramref name="failedAttempts"/> failed ones, jittered; <c>null</c> when there is none left.</summary>
    /// <param name="failedAttempts">Attempts made and failed so far (1 after the first).</param>
    /// <param name="random">A number in [0, 1) that places the delay within its jitter.</param>
    public TimeSpan? DelayAfter(int failedAttempts, double random)
    {
        if (failedAttempts < 1 || failedAttempts > Delays.Count)
        {
            return null;
        }

        var nominal = Delays[failedAttempts - 1];
        var factor = 1 + (Jitter * ((2 * random) - 1));
        return TimeSpan.FromTicks((long)(nominal.Ticks * factor));
    }

    /// <summary>Reads the setting: TimeSpans (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>) separated by commas.</summary>
    /// <exception cref="FormatException">Not such a list, or a delay under one second or over <see cref="MaxDelay"/>.</exception>
    public static RetrySchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxDelays)
        {
            throw new FormatException($"A retry schedule has at most {MaxDelays} delays.");
        }

        var delays = new List<TimeSpan>(parts.Length);
        foreach (var part in parts)
        {
            if (!TimeSpan.TryParseExact(part, ["c"], CultureInfo.InvariantCulture, out var delay))
            {
                throw new FormatException($"'{part}' is not a TimeSpan (hh:mm:ss or d.hh:mm:ss).");
            }

            if (delay < TimeSpan.FromSeconds(1) || delay > MaxDelay)
            {
                throw new FormatException($"'{part}' is not between 00:00:01 and {MaxDelay:c}.");
            }

            delays.Add(delay);
        }

        return new RetrySchedule(delays);
    }

    public override string ToString() => string.Join(',', Delays.Select(d => d.ToString("c", CultureInfo.InvariantCulture)));
}
