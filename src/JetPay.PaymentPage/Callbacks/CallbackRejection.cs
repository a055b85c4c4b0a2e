namespace JetPay.PaymentPage;

/// <summary>Why a callback was not accepted.</summary>
public enum CallbackRejection
{
    /// <summary>Not rejected; the value <see cref="CallbackSignature.TryVerifyAndParse"/> reports on success.</summary>
    None = 0,

    /// <summary>The body is not a JSON object in valid UTF-8 (or nests too deep, or repeats a key).</summary>
    MalformedJson,

    /// <summary>Neither a top-level <c>signature</c> nor <c>general.signature</c> is present.</summary>
    MissingSignature,

    /// <summary>The signature is malformed or does not match the body under the current or previous key.</summary>
    InvalidSignature,

    /// <summary>The signature is valid but <c>payment.id</c> is absent or empty.</summary>
    MissingPaymentId,
}
