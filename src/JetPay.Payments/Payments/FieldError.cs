namespace JetPay.Payments.Payments;

/// <summary>One problem with a request, naming the field as the API client spelled it (<c>customer.email</c>).</summary>
public sealed record FieldError(string Field, string Message);
