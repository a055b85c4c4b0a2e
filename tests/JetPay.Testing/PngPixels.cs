using System.Buffers.Binary;
using System.IO.Compression;

namespace JetPay.Testing;

/// <summary>
/// A small PNG reader for tests: non-interlaced images of 1 to 8 bits per sample (grey, palette, RGB, with or
/// without alpha), which covers QRCoder's codes and Chromium's screenshots, as 8-bit RGBA pixels over white.
/// Managed code only, so that no test project carries a native imaging library.
/// </summary>
public sealed class PngPixels
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngPixels(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Four bytes a pixel, row after row.</summary>
    public byte[] Rgba { get; }

    /// <exception cref="InvalidDataException">Not a PNG this reader understands.</exception>
    public static PngPixels Decode(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(Signature))
        {
            throw new InvalidDataException("Not a PNG.");
        }

        int width = 0, height = 0, bitDepth = 0, colorType = 0;
        byte[] palette = [];
        byte[] transparency = [];
        using var compressed = new MemoryStream();
        for (var offset = Signature.Length; offset + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            var data = png.Slice(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    if (data[12] != 0 || bitDepth > 8)
                    {
                        throw new InvalidDataException("Interlaced or 16-bit PNGs are not supported.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }

            offset += length + 12;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"Colour type {colorType} is not a PNG colour type.") };
        var bitsPerPixel = channels * bitDepth;
        var stride = ((width * bitsPerPixel) + 7) / 8;
        var bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        var raw = Inflate(compressed.ToArray(), (stride + 1) * height);
        var rgba = new byte[width * height * 4];
        var previous = new byte[stride];
        var row = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var start = y * (stride + 1);
            Unfilter(raw[start], raw.AsSpan(start + 1, stride), previous, row, bytesPerPixel);
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = Pixel(row, x, colorType, bitDepth, palette, transparency);
                var target = ((y * width) + x) * 4;

                // Over white, as a page shows it.
                rgba[target] = (byte)(((r * a) + (255 * (255 - a))) / 255);
                rgba[target + 1] = (byte)(((g * a) + (255 * (255 - a))) / 255);
                rgba[target + 2] = (byte)(((b * a) + (255 * (255 - a))) / 255);
                rgba[target + 3] = 255;
            }

            (previous, row) = (row, previous);
        }

        return new PngPixels(width, height, rgba);
    }

    private static byte[] Inflate(byte[] zlib, int expected)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        var output = new byte[expected];
        input.ReadExactly(output);
        return output;
    }

    private static void Unfilter(byte filter, ReadOnlySpan<byte> line, ReadOnlySpan<byte> previous, Span<byte> row, int bpp)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            row[i] = (byte)(line[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static (int R, int G, int B, int A) Pixel(byte[] row, int x, int colorType, int bitDepth, byte[] palette, byte[] transparency)
    {
        int Sample(int index)
        {
            if (bitDepth == 8)
            {
                return row[index];
            }

            var bit = index * bitDepth;
            var value = (row[bit / 8] >> (8 - bitDepth - (bit % 8))) & ((1 << bitDepth) - 1);
            return colorType == 3 ? value : value * 255 / ((1 << bitDepth) - 1);
        }

        switch (colorType)
        {
            case 0:
                var grey = Sample(x);
                return (grey, grey, grey, 255);
            case 2:
                return (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2], 255);
            case 3:
                var entry = Sample(x);
                return (palette[entry * 3], palette[(entry * 3) + 1], palette[(entry * 3) + 2], entry < transparency.Length ? transparency[entry] : 255);
            case 4:
                return (row[x * 2], row[x * 2], row[x * 2], row[(x * 2) + 1]);
            default:
                return (row[x * 4], row[(x * 4) + 1], row[(x * 4) + 2], row[(x * 4) + 3]);
        }
    }
}
