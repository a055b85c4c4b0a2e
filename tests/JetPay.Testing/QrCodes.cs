using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace JetPay.Testing;

/// <summary>Reads a QR code from an image, as a phone's camera would: from its pixels, not from how it was made.</summary>
public static class QrCodes
{
    /// <summary>The text of the one QR code in a PNG (or any image SkiaSharp reads).</summary>
    /// <exception cref="InvalidOperationException">The bytes are not an image, or it holds no readable QR code.</exception>
    public static string Decode(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var decoded = SKBitmap.Decode(image) ?? throw new InvalidOperationException("The bytes are not an image.");
        using var rgba = decoded.Copy(SKColorType.Rgba8888) ?? throw new InvalidOperationException("The image cannot be read as RGBA.");

        var pixels = rgba.Bytes;
        var source = new RGBLuminanceSource(pixels, rgba.Width, rgba.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(source)?.Text
            ?? throw new InvalidOperationException($"No QR code found in the {rgba.Width}×{rgba.Height} image.");
    }
}
