using ZXing;
using ZXing.Common;

namespace JetPay.Testing;

/// <summary>Reads a QR code from an image, as a phone's camera would: from its pixels, not from how it was made.</summary>
public static class QrCodes
{
    /// <summary>The text of the one QR code in a PNG.</summary>
    /// <exception cref="InvalidOperationException">The PNG holds no readable QR code.</exception>
    public static string Decode(byte[] png)
    {
        var image = PngPixels.Decode(png);
        var source = new RGBLuminanceSource(image.Rgba, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(source)?.Text
            ?? throw new InvalidOperationException($"No QR code found in the {image.Width}×{image.Height} image.");
    }
}
