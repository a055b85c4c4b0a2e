namespace JetPay.Sandbox.Callbacks;

/// <summary>
/// How the callbacks of a completion misbehave, to see that the app copes. Set for every completion with
/// <c>PUT /sandbox/switches</c>, or for one with the body of <c>POST /sandbox/payments/{id}/complete</c>.
/// </summary>
internal sealed record CallbackSwitches
{
    public static CallbackSwitches None { get; } = new();

    /// <summary>Deliver each callback twice, the same body both times.</summary>
    public bool Duplicate { get; init; }

    /// <summary>After the final status, deliver the operation's earlier <c>processing</c> status.</summary>
    public bool OutOfOrder { get; init; }

    /// <summary>Wait this long before the first attempt (JetPay's <c>callback.delay</c>, at most 600 s).</summary>
    public double DelaySeconds { get; init; }

    /// <summary>Sign with a wrong key.</summary>
    public bool BadSignature { get; init; }

    /// <summary>Report this amount (minor units) instead of the order's.</summary>
    public long? Amount { get; init; }
}

/// <summary>The switches in force for every completion, until changed or reset.</summary>
internal sealed class SandboxSwitches
{
    private CallbackSwitches _current = CallbackSwitches.None;

    public CallbackSwitches Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value ?? CallbackSwitches.None);
    }
}
