using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace JetPay.PaymentPage;

/// <summary>HMAC-SHA512 of a signing string under a secret key, both UTF-8.</summary>
internal static class HmacSignature
{
    public const int Length = 64;
    private const int StackKeyBytes = 256;

    public static void Compute(string secretKey, ReadOnlySpan<byte> signingString, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetMaxByteCount(secretKey.Length);
        byte[]? rented = null;
        var key = keyLength <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : (rented = ArrayPool<byte>.Shared.Rent(keyLength));
        try
        {
            var written = Encoding.UTF8.GetBytes(secretKey, key);
            HMACSHA512.HashData(key[..written], signingString, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static string ComputeBase64(string secretKey, ReadOnlySpan<byte> signingString)
    {
        Span<byte> mac = stackalloc byte[Length];
        Compute(secretKey, signingString, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>Whether <paramref name="signature"/> is the HMAC of the string under either key, compared in constant time.</summary>
    public static bool Matches(string currentKey, string? previousKey, ReadOnlySpan<byte> signingString, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[Length];
        Compute(currentKey, signingString, expected);
        var matched = CryptographicOperations.FixedTimeEquals(expected, signature);
        if (previousKey is not null)
        {
            Compute(previousKey, signingString, expected);
            matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return matched;
    }
}
