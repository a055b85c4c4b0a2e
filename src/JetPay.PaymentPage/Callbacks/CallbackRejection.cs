namespace JetPay.PaymentPage;

/// <summary>Why a callback was not accepted.</summary>
public enum CallbackRejection
{
    /// <summary>Not rejected; the value <see cref="CallbackSignature.TryVerifyAndParse"/> reports on success.</summary>
    None = 0,

    /// <summary>The body is not a JSON object in valid UTF-8 (or nests too deep, or flattens to more than 1 MiB of entries).</summary>
    MalformedJson,

    /// <summary>Neither a top-level <c>signature</c> nor <c>general.signature</c> is present.</summary>
    MissingSignature,

    /// <summary>The signature is malformed or does not match the body under the current or previous key.</summary>
    InvalidSignature,

    /// <summary>The signature is valid but <c>payment.id</c> is absent or empty.</summary>
    MissingPaymentId,

    /// <summary>
    /// The signature is valid, but its signing string does not bind the body: the flattening is not one-to-one (a key
    /// that drops out of the path or collides with another, a path given twice, a key holding <c>;</c>), or a value could
    /// be read as holding another entry. Another body with the same signature could be read differently, so none is.
    /// </summary>
    AmbiguousSigning,

    /// <summary>
    /// The signature is valid, but a field the app acts on (<c>project_id</c>, a success's <c>payment.sum</c>) is not readable as
    /// what it is, or a field of the callback stands where an object belongs (or the reverse).
    /// </summary>
    UnreadableField,
}

/// <summary>The one text of each rejection, for exceptions, logs and HTTP answers; never holds a key or the body.</summary>
public static class CallbackRejections
{
    /// <summary>The text of a rejection.</summary>
    /// <param name="reason">The rejection.</param>
    public static string Describe(CallbackRejection reason) => reason switch
    {
        CallbackRejection.MalformedJson => "The body is not a JSON object in UTF-8, or nests too deep, or its values with their paths take more than 1 MiB.",
        CallbackRejection.MissingSignature => "The callback carries no signature.",
        CallbackRejection.InvalidSignature => "The signature does not match the body and the project's secret.",
        CallbackRejection.MissingPaymentId => "The callback has no payment.id.",
        CallbackRejection.AmbiguousSigning => "The signed fields do not map one-to-one onto the body (a key that drops out of the signing string or holds ';', a path given twice, or a value that could hold another field), so the body cannot be trusted to say what was signed.",
        CallbackRejection.UnreadableField => "A field the app acts on is not readable as signed (project_id and a success's payment.sum.amount must be integers, a success's payment.sum needs a currency, and the payment, sum, operation and customer must be objects).",
        _ => reason.ToString(),
    };
}
