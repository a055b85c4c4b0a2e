using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// A callback from the platform, read from what its signature covers: the fields the protocol documents for a purchase
/// result, typed, and every other signed value by its path (<see cref="GetSignedValue"/>). Obtain it from
/// <see cref="CallbackSignature.TryVerifyAndParse"/>, which verifies the signature first.
/// </summary>
/// <remarks>
/// Each value is read as the signing string writes it: numbers whatever their JSON spelling (<c>1e4</c> is 10000), ids as
/// numbers or strings, <c>true</c> as <c>1</c>, <c>null</c> as empty. Absent fields are <see langword="null"/>;
/// <c>payment.id</c> is required, and <c>project_id</c> and a success's <c>payment.sum</c>, which a merchant acts on, must
/// be readable when present.
/// </remarks>
public sealed class PaymentCallback
{
    private readonly byte[] _signingString;
    private readonly SignedEntry[] _entries;

    internal PaymentCallback(byte[] signingString, SignedEntry[] entries, string signingDigest, CallbackPayment payment)
    {
        _signingString = signingString;
        _entries = entries;
        SigningDigest = signingDigest;
        Payment = payment;
    }

    /// <summary>
    /// The SHA-256 of the signing string, in lower-case hex: what identifies the callback. Every body that signs the same
    /// (re-spelled, re-ordered, signed again after a key rotation) has the same digest.
    /// </summary>
    public string SigningDigest { get; }

    /// <summary>
    /// The signing string the signature was checked against and every field was read from; keep it beside the raw body,
    /// which a JSON parser may read otherwise (free text, fields the platform adds later).
    /// </summary>
    public string SigningString => Encoding.UTF8.GetString(_signingString);

    /// <summary><c>project_id</c>.</summary>
    public long? ProjectId { get; init; }

    /// <summary><c>payment</c>.</summary>
    public CallbackPayment Payment { get; }

    /// <summary><c>operation</c>; <see langword="null"/> when the callback has none of its fields.</summary>
    public CallbackOperation? Operation { get; init; }

    /// <summary>
    /// The signed value at a path (the keys from the root joined by <c>:</c>, e.g. <c>operation:provider:payment_id</c>,
    /// array elements by their index), as the signing string writes it; <see langword="null"/> when nothing is signed there.
    /// </summary>
    /// <param name="path">The path; a <c>:</c> inside a key is written <c>::</c>.</param>
    public string? GetSignedValue(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var wanted = Encoding.UTF8.GetBytes(path);
        foreach (var entry in _entries)
        {
            if (_signingString.AsSpan(entry.Start, entry.PathLength).SequenceEqual(wanted))
            {
                return Encoding.UTF8.GetString(_signingString, entry.Start + entry.PathLength + 1, entry.Length - entry.PathLength - 1);
            }
        }

        return null;
    }

    /// <summary>Reads callback JSON WITHOUT checking its signature: for tests.</summary>
    /// <exception cref="CallbackRejectedException">The JSON is not a callback that reads unambiguously.</exception>
    internal static PaymentCallback Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var entries = new SigningEntries();
        if (!entries.AddJson(Encoding.UTF8.GetBytes(json), PaymentPageSignature.MaxDepth, excludeSignatures: true) || !entries.RootIsObject)
        {
            throw new CallbackRejectedException(CallbackRejection.MalformedJson);
        }

        entries.BuildSigningString();
        var rejection = SignedCallbackReader.Read(entries, out var callback);
        return callback ?? throw new CallbackRejectedException(rejection);
    }
}

/// <summary>Where one entry <c>path:value</c> lies in a signing string.</summary>
internal readonly record struct SignedEntry(int Start, int PathLength, int Length);
