namespace JetPay.Sandbox.GenerateQr;

/// <summary>
/// A refused request, answered as the sandbox assumes the platform answers one: <c>400</c> with
/// <c>{"status":"error","code":…,"message":…}</c>. JetPay publishes no error list for <c>generate-qr</c>; these codes
/// are the sandbox's own, and the app treats every non-2xx answer alike.
/// </summary>
internal sealed record PlatformError(string Code, string Message)
{
    public const string MissingParameter = "missing_parameter";
    public const string InvalidParameter = "invalid_parameter";
    public const string UnknownProject = "unknown_project";
    public const string InvalidSignature = "invalid_signature";
    public const string InvalidAmount = "invalid_amount";
    public const string UnknownCurrency = "unknown_currency";
    public const string DuplicatePaymentId = "duplicate_payment_id";
    public const string PaymentCompleted = "payment_completed";

    public IResult ToResult() =>
        Results.Json(new { status = "error", code = Code, message = Message }, statusCode: StatusCodes.Status400BadRequest);
}
