namespace JetPay.PaymentPage;

/// <summary>What went wrong in a call to the Payment Page.</summary>
public enum PaymentPageErrorKind
{
    /// <summary>The request broke a rule of the protocol and was not sent; see <see cref="PaymentPageException.ValidationErrors"/>.</summary>
    InvalidRequest,

    /// <summary>No answer within the time allowed (per attempt or in total).</summary>
    Timeout,

    /// <summary>The platform answered with a status code other than 2xx; see <see cref="PaymentPageException.StatusCode"/>.</summary>
    UpstreamError,

    /// <summary>The platform answered 2xx with something other than a PNG QR code in the documented JSON, or one too large.</summary>
    InvalidResponse,

    /// <summary>The connection failed (DNS, refused, reset, TLS).</summary>
    Transport,
}
