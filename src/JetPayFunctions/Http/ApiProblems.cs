using JetPay.PaymentPage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace JetPayFunctions.Http;

/// <summary>The one place that turns failures into RFC 9457 problem details.</summary>
public static class ApiProblems
{
    private const string ContentType = "application/problem+json";

    public static JsonBodyResult Validation(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byField = errors
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        var problem = new ValidationProblemDetails(byField)
        {
            Type = "about:blank",
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}.")),
        };
        // The first problem a client can act on names the code; the rest are in 'errors'.
        problem.Extensions["code"] = errors.FirstOrDefault(e => e.Code is not null)?.Code ?? "invalid_request";
        return Result(problem);
    }

    public static JsonBodyResult BadRequest(string code, string detail) =>
        Result(Create(StatusCodes.Status400BadRequest, code, "The request is invalid.", detail));

    public static JsonBodyResult Forbidden(string code, string detail) =>
        Result(Create(StatusCodes.Status403Forbidden, code, "Forbidden.", detail));

    /// <summary>Storage could not be reached: the caller should try again (JetPay does so by itself).</summary>
    public static JsonBodyResult StorageUnavailable() =>
        Result(Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", "Try again later.", "The app could not reach its storage; nothing was lost, try again."), TimeSpan.FromSeconds(5));

    public static JsonBodyResult UnsupportedMediaType(string detail) =>
        Result(Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type.", detail));

    public static JsonBodyResult PayloadTooLarge(long limit) =>
        Result(Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.", $"The body must not exceed {limit} bytes."));

    public static JsonBodyResult NotFound(string detail) =>
        Result(Create(StatusCodes.Status404NotFound, "not_found", "Not found.", detail));

    public static JsonBodyResult Conflict(string detail, bool retryLater) =>
        retryLater ? Conflict("payment_in_progress", detail, TimeSpan.FromSeconds(1)) : Conflict("payment_conflict", detail, null);

    /// <summary>A 409 with its own <paramref name="code"/>: the request conflicts with what the resource is doing or is.</summary>
    public static JsonBodyResult Conflict(string code, string detail, TimeSpan? retryAfter) =>
        Result(Create(StatusCodes.Status409Conflict, code, "Conflict.", detail), retryAfter);

    /// <summary>A 409 for a payment that has come to an end and cannot be canceled any more, naming its status.</summary>
    public static JsonBodyResult PaymentFinal(string paymentId, string status)
    {
        var problem = Create(StatusCodes.Status409Conflict, "payment_final", "Conflict.", $"Payment '{paymentId}' is '{status}' and can no longer be canceled.");
        problem.Extensions["paymentStatus"] = status;
        return Result(problem);
    }

    /// <summary>JetPay failed: 504 for a timeout, 502 otherwise. The detail names the upstream error, never a secret.</summary>
    public static JsonBodyResult Upstream(PaymentPageException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var timeout = error.Kind == PaymentPageErrorKind.Timeout;
        var problem = Create(
            timeout ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
            timeout ? "upstream_timeout" : "upstream_error",
            timeout ? "JetPay did not answer in time." : "JetPay did not issue a QR code.",
            error.Message);
        problem.Extensions["upstreamError"] = error.Kind.ToString();
        if (error.StatusCode is { } status)
        {
            problem.Extensions["upstreamStatus"] = status;
        }

        return Result(problem);
    }

    private static ProblemDetails Create(int status, string code, string title, string detail)
    {
        var problem = new ProblemDetails { Type = "about:blank", Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    private static JsonBodyResult Result(ProblemDetails problem, TimeSpan? retryAfter = null) =>
        new(problem.Status!.Value, problem, ContentType) { RetryAfter = retryAfter };
}
