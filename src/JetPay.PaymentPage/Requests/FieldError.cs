namespace JetPay.PaymentPage;

/// <summary>A problem with one field of a request.</summary>
/// <remarks>The message describes the rule, never the value, which may be personal data.</remarks>
/// <param name="Field">The field as the request names it: the protocol's <c>payment_amount</c>, or an API's own <c>amount</c>.</param>
/// <param name="Message">The rule the value breaks, e.g. <c>must be positive</c>.</param>
/// <param name="Code">A stable code for a problem clients act on (<c>expires_at_in_past</c>), if it has one.</param>
public sealed record FieldError(string Field, string Message, string? Code = null);
