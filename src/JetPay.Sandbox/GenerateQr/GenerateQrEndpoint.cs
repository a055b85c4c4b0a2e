using JetPay.Sandbox.Payments;
using Microsoft.Extensions.Options;

namespace JetPay.Sandbox.GenerateQr;

/// <summary><c>GET /payment/generate-qr</c>: checks the signed request and answers <c>{"img_src":"data:image/png;base64,…"}</c>.</summary>
internal static class GenerateQrEndpoint
{
    public const string Path = "/payment/generate-qr";

    public static IResult Handle(HttpRequest request, SandboxPayments payments, IOptions<SandboxOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(GenerateQrEndpoint).FullName!);
        var settings = options.Value;
        var query = request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.Count > 0 ? q.Value[^1] ?? string.Empty : string.Empty));
        var (order, error) = QrRequestCheck.Check(query, settings, clock.GetUtcNow());
        if (error is not null)
        {
            logger.LogWarning("generate-qr refused: {Code}: {Message}", error.Code, error.Message);
            return error.ToResult();
        }

        var payment = payments.GetOrAdd(order!);
        if (!ReferenceEquals(payment, order))
        {
            if (!payment.IsSameOrder(order!))
            {
                return new PlatformError(PlatformError.DuplicatePaymentId, $"Payment {payment.PaymentId} exists with other order data.").ToResult();
            }

            if (!payment.IsOpen)
            {
                return new PlatformError(PlatformError.PaymentCompleted, $"Payment {payment.PaymentId} is already {payment.Status}.").ToResult();
            }
        }

        var publicBaseUrl = settings.PublicBaseUrl ?? new Uri($"{request.Scheme}://{request.Host}");
        var checkoutUrl = CheckoutQrCode.CheckoutUrl(publicBaseUrl, payment.ProjectId, payment.PaymentId);
        logger.LogInformation("QR code issued for payment {PaymentId}: {CheckoutUrl}", payment.PaymentId, checkoutUrl);
        return Results.Json(new { img_src = CheckoutQrCode.DataUri(CheckoutQrCode.Png(checkoutUrl)) });
    }
}
