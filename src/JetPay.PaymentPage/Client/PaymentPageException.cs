namespace JetPay.PaymentPage;

/// <summary>
/// A call to the Payment Page failed; <see cref="Kind"/> says how. Messages never contain the secret key or the
/// request's signature.
/// </summary>
public class PaymentPageException : Exception
{
    /// <summary>A failure of the given kind; for a stand-in of <see cref="PaymentPageClient"/> in tests.</summary>
    /// <param name="kind">How the call failed.</param>
    /// <param name="message">What happened; never a secret.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PaymentPageException(PaymentPageErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    internal PaymentPageException(
        PaymentPageErrorKind kind,
        string message,
        int? statusCode,
        string? responseExcerpt,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ResponseExcerpt = responseExcerpt;
    }

    /// <summary>An <see cref="PaymentPageErrorKind.InvalidRequest"/> for these problems; the message lists the fields.</summary>
    internal PaymentPageException(IReadOnlyList<FieldError> validationErrors)
        : base(DescribeInvalid(validationErrors))
    {
        Kind = PaymentPageErrorKind.InvalidRequest;
        ValidationErrors = validationErrors;
    }

    /// <summary>How the call failed.</summary>
    public PaymentPageErrorKind Kind { get; }

    /// <summary>The HTTP status code of the answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The start of the answer's body (about 200 characters, control characters removed), when there was one.</summary>
    internal string? ResponseExcerpt { get; }

    /// <summary>For <see cref="PaymentPageErrorKind.InvalidRequest"/>, every problem found; otherwise empty.</summary>
    public IReadOnlyList<FieldError> ValidationErrors { get; } = [];

    private static string DescribeInvalid(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "The QR purchase request is invalid and was not sent: "
            + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")) + ".";
    }
}
