using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// A callback from the platform: the fields the product uses, typed, read from what the signature covers.
/// Obtain it from <see cref="CallbackSignature.VerifyAndParse"/>, which verifies the signature first.
/// </summary>
/// <remarks>
/// Each value is read as the signing string writes it: numbers whatever their JSON spelling (<c>1e4</c> is 10000),
/// ids as numbers or strings, <c>true</c> as <c>1</c>, <c>null</c> as empty. Unknown fields are ignored and absent
/// ones are <see langword="null"/>; <c>payment.id</c> is required, and <c>project_id</c> and <c>payment.sum</c>, which
/// the product acts on, must be readable when present.
/// </remarks>
public sealed class PaymentCallback
{
    /// <summary>
    /// The SHA-256 of the signing string, in lower-case hex: what identifies the callback. Every body that signs the
    /// same (re-spelled, re-ordered, signed again after a key rotation) has the same digest.
    /// </summary>
    public required string SigningDigest { get; init; }

    /// <summary><c>project_id</c>.</summary>
    public long? ProjectId { get; init; }

    /// <summary><c>payment</c>.</summary>
    public required CallbackPayment Payment { get; init; }

    /// <summary><c>customer</c>.</summary>
    public CallbackCustomer? Customer { get; init; }

    /// <summary><c>operation</c>.</summary>
    public CallbackOperation? Operation { get; init; }

    /// <summary>
    /// Reads callback JSON WITHOUT checking its signature: only for JSON that was verified before, or built in a test.
    /// </summary>
    /// <exception cref="CallbackRejectedException">The JSON is not a callback that reads unambiguously.</exception>
    public static PaymentCallback Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rejection = CallbackSignature.ReadUnverified(Encoding.UTF8.GetBytes(json), out var callback);
        return callback ?? throw new CallbackRejectedException(rejection);
    }
}
