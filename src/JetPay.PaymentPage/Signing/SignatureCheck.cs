namespace JetPay.PaymentPage;

/// <summary>The outcome of checking the signature a JSON payload carries.</summary>
internal enum SignatureCheck
{
    Valid,
    MalformedJson,
    MissingSignature,
    InvalidSignature,
}
