namespace JetPay.PaymentPage;

/// <summary>A problem with one field of a request, named as the protocol names it (<c>payment_amount</c>).</summary>
/// <remarks>The message describes the rule, never the value, which may be personal data.</remarks>
public sealed record RequestValidationError(string Field, string Message);
