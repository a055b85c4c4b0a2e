namespace JetPay.PaymentPage;

/// <summary>The QR code the platform generated: a PNG image to show to the customer.</summary>
public sealed class QrCodeImage
{
    /// <summary>The media type of every image this library returns.</summary>
    public const string PngMediaType = "image/png";

    /// <summary>An image from PNG bytes.</summary>
    /// <param name="png">The PNG file's bytes.</param>
    public QrCodeImage(ReadOnlyMemory<byte> png)
    {
        Png = png;
    }

    /// <summary>The PNG file, starting with its 8-byte signature.</summary>
    public ReadOnlyMemory<byte> Png { get; }

    /// <summary><c>image/png</c>.</summary>
    public string MediaType => PngMediaType;
}
