using System.Text;
using System.Text.Json;

namespace JetPay.PaymentPage;

/// <summary>Reads the answer of <c>generate-qr</c>: <c>{"img_src":"data:image/png;base64,…"}</c>.</summary>
internal static class QrResponseReader
{
    private const int ExcerptLength = 200;
    private const int ErrorBodyBytes = 4096;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task<QrCodeImage> ReadAsync(HttpResponseMessage response, int maxImageBytes, Redactions redactions, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = await ReadBodyAsync(response, ErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            throw new PaymentPageException(
                PaymentPageErrorKind.UpstreamError,
                $"The Payment Page answered {status} {response.ReasonPhrase}.",
                status,
                Excerpt(errorBody.Bytes, redactions));
        }

        // Base64 is 4/3 of the image; PHP's JSON may escape every '/' as "\/", and the JSON around it is small.
        var maxBodyBytes = (((long)maxImageBytes + 2) / 3 * 4 * 2) + 1024;
        var body = await ReadBodyAsync(response, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body.Truncated)
        {
            throw Invalid($"The answer is larger than an image of {maxImageBytes} bytes can be.", status, body.Bytes, redactions);
        }

        var dataUri = ReadImgSrc(body.Bytes);
        if (dataUri is null)
        {
            throw Invalid("The answer is not JSON with an img_src string.", status, body.Bytes, redactions);
        }

        var png = DecodePngDataUri(dataUri, maxImageBytes, out var problem);
        return png is { } image ? new QrCodeImage(image) : throw Invalid(problem!, status, body.Bytes, redactions);
    }

    private static string? ReadImgSrc(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("img_src", out var imgSrc)
                && imgSrc.ValueKind == JsonValueKind.String
                ? imgSrc.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ReadOnlyMemory<byte>? DecodePngDataUri(string dataUri, int maxImageBytes, out string? problem)
    {
        const string Scheme = "data:";
        const string Base64Marker = ";base64";
        var comma = dataUri.IndexOf(',', StringComparison.Ordinal);
        if (!dataUri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || comma < 0
            || !dataUri.AsSpan(0, comma).EndsWith(Base64Marker, StringComparison.OrdinalIgnoreCase))
        {
            problem = "img_src is not a base64 data URI.";
            return null;
        }

        var mediaType = dataUri.AsSpan(Scheme.Length, comma - Scheme.Length - Base64Marker.Length);
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        if (!mediaType.Trim().Equals(QrCodeImage.PngMediaType, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"img_src has the media type '{Printable(mediaType.ToString(), 40)}', not image/png.";
            return null;
        }

        var payload = dataUri.AsSpan(comma + 1);
        if ((long)payload.Length / 4 * 3 > maxImageBytes + 2)
        {
            problem = $"The image is larger than {maxImageBytes} bytes.";
            return null;
        }

        var buffer = new byte[(payload.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64Chars(payload, buffer, out var written))
        {
            problem = "img_src does not hold valid base64.";
            return null;
        }

        if (written > maxImageBytes)
        {
            problem = $"The image is larger than {maxImageBytes} bytes.";
            return null;
        }

        if (!buffer.AsSpan(0, written).StartsWith(PngSignature))
        {
            problem = "img_src does not hold a PNG image.";
            return null;
        }

        problem = null;
        return buffer.AsMemory(0, written);
    }

    private static PaymentPageException Invalid(string message, int status, byte[] body, Redactions redactions) =>
        new(PaymentPageErrorKind.InvalidResponse, message, status, Excerpt(body, redactions));

    private static async Task<(byte[] Bytes, bool Truncated)> ReadBodyAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            limit = Math.Min(limit, ErrorBodyBytes);
            var head = await ReadAtMostAsync(response, limit, cancellationToken).ConfigureAwait(false);
            return (head.Bytes, true);
        }

        return await ReadAtMostAsync(response, limit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(byte[] Bytes, bool Truncated)> ReadAtMostAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var room = limit - buffer.Length;
                if (read > room)
                {
                    buffer.Write(chunk, 0, (int)room);
                    return (buffer.ToArray(), true);
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), false);
        }
    }

    /// <summary>The start of a body as text, control characters removed, secrets redacted.</summary>
    internal static string? Excerpt(byte[] body, Redactions redactions)
    {
        if (body.Length == 0)
        {
            return null;
        }

        // Redact before cutting, so that a secret split by the cut cannot show half of itself.
        var text = redactions.Apply(Encoding.UTF8.GetString(body));
        return Printable(text, ExcerptLength);
    }

    private static string Printable(string text, int maxLength)
    {
        var printable = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (printable.Length == maxLength)
            {
                break;
            }

            if (!char.IsControl(c))
            {
                printable.Append(c);
            }
        }

        return printable.ToString();
    }
}
