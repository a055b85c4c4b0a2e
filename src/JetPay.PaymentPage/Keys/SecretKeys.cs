namespace JetPay.PaymentPage;

/// <summary>
/// The project's secret key, and during a rotation the key it replaces.
/// Requests are signed with <see cref="Current"/>; callbacks are accepted when signed with either key.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the keys, so instances can be logged safely.</remarks>
public sealed record SecretKeys
{
    private readonly string _current = null!;
    private readonly string? _previous;

    /// <param name="current">The key in force; must not be empty or white space.</param>
    /// <param name="previous">The key being retired, accepted on callbacks only; empty counts as none.</param>
    /// <exception cref="ArgumentException"><paramref name="current"/> is null, empty or white space.</exception>
    public SecretKeys(string current, string? previous = null)
    {
        Current = current;
        Previous = previous;
    }

    /// <summary>The key in force: signs requests and verifies callbacks.</summary>
    public string Current
    {
        get => _current;
        init => _current = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("The current secret key must not be empty.", nameof(Current))
            : value;
    }

    /// <summary>The key being retired, still accepted on callbacks; <see langword="null"/> when there is none.</summary>
    /// <remarks>An empty key is taken as none: accepting HMACs under an empty key would let anyone forge them.</remarks>
    public string? Previous
    {
        get => _previous;
        init => _previous = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Names the type and whether a previous key is set; never the keys.</summary>
    public override string ToString() =>
        _previous is null ? "SecretKeys { Current = ***, Previous = (none) }" : "SecretKeys { Current = ***, Previous = *** }";
}
