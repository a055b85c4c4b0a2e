using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JetPay.PaymentPage;

internal enum CapturedSignatureState
{
    Absent,
    Malformed,
    Present,
}

/// <summary>A <c>signature</c> value read from a payload and decoded from base64, held without allocating.</summary>
internal struct CapturedSignature
{
    /// <summary>HMAC-SHA512 output.</summary>
    public const int Length = 64;

    // 64 bytes encode to 88 base64 characters; escapes in JSON can make the raw text longer.
    private const int MaxUnescapedLength = 88;

    private SignatureBytes _bytes;

    public CapturedSignatureState State { get; private set; }

    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes
    {
        get
        {
            if (State != CapturedSignatureState.Present)
            {
                return default;
            }

            return _bytes;
        }
    }

    /// <summary>Reads the value the reader stands on; anything but standard padded base64 of 64 bytes is malformed.</summary>
    public static CapturedSignature From(ref Utf8JsonReader reader)
    {
        var captured = new CapturedSignature { State = CapturedSignatureState.Malformed };
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxUnescapedLength * 6)
        {
            return captured;
        }

        Span<byte> text = stackalloc byte[MaxUnescapedLength * 6];
        var length = reader.ValueIsEscaped ? reader.CopyString(text) : Copy(reader.ValueSpan, text);
        if (length != MaxUnescapedLength)
        {
            return captured;
        }

        var status = Base64.DecodeFromUtf8(text[..length], captured._bytes, out var consumed, out var written);
        if (status == OperationStatus.Done && consumed == length && written == Length)
        {
            captured.State = CapturedSignatureState.Present;
        }

        return captured;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    [InlineArray(Length)]
    private struct SignatureBytes
    {
        private byte _element;
    }
}
