namespace JetPay.Testing;

/// <summary>Waits for something another process or thread makes true, polling, up to a deadline.</summary>
public static class Eventually
{
    /// <exception cref="TimeoutException"><paramref name="condition"/> was still false after <paramref name="patience"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + patience;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Still waiting after {patience.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
