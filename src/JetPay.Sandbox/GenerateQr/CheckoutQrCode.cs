using QRCoder;

namespace JetPay.Sandbox.GenerateQr;

/// <summary>The QR code of a checkout page: a PNG rendered by QRCoder (pure managed code), as a data URI.</summary>
internal static class CheckoutQrCode
{
    private const int PixelsPerModule = 8;

    /// <summary>The checkout page of a payment, under the sandbox's public address.</summary>
    public static Uri CheckoutUrl(Uri publicBaseUrl, long projectId, string paymentId) =>
        new(publicBaseUrl.AbsoluteUri.TrimEnd('/') + Checkout.CheckoutEndpoints.PathFor(projectId, paymentId));

    public static byte[] Png(Uri target)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule);
    }

    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
