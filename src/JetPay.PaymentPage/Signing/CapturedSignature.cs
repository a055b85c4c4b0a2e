using System.Buffers;
using System.Buffers.Text;
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
    // 64 bytes encode to 88 base64 characters; escapes in JSON can make the raw text up to 6 times longer.
    private const int Base64Length = 88;

    private SignatureBytes _bytes;

    public CapturedSignatureState State { get; private set; }

    /// <summary>Reads the value the reader stands on; anything but standard padded base64 of 64 bytes is malformed.</summary>
    public static CapturedSignature From(ref Utf8JsonReader reader)
    {
        var captured = new CapturedSignature { State = CapturedSignatureState.Malformed };
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > Base64Length * 6)
        {
            return captured;
        }

        Span<byte> text = stackalloc byte[Base64Length * 6];
        var length = reader.CopyString(text);
        var status = Base64.DecodeFromUtf8(text[..length], captured._bytes, out var consumed, out var written);
        if (length == Base64Length && status == OperationStatus.Done && consumed == length && written == HmacSignature.Length)
        {
            captured.State = CapturedSignatureState.Present;
        }

        return captured;
    }

    /// <summary>Whether the signature is present and is the HMAC of the string under either key.</summary>
    public readonly bool Matches(string currentKey, string? previousKey, ReadOnlySpan<byte> signingString) =>
        State == CapturedSignatureState.Present && HmacSignature.Matches(currentKey, previousKey, signingString, _bytes);

    [InlineArray(HmacSignature.Length)]
    private struct SignatureBytes
    {
        private byte _element;
    }
}
