using System.Security.Cryptography;
using System.Text;

namespace JetPay.PaymentPage;

/// <summary>HMAC-SHA512 of a signing string under a secret key, both UTF-8.</summary>
internal static class HmacSignature
{
    public const int Length = HMACSHA512.HashSizeInBytes;

    public static void Compute(string secretKey, ReadOnlySpan<byte> signingString, Span<byte> destination)
    {
        var maxKeyBytes = Encoding.UTF8.GetMaxByteCount(secretKey.Length);
        var key = maxKeyBytes <= 256 ? stackalloc byte[256] : new byte[maxKeyBytes];
        try
        {
            HMACSHA512.HashData(key[..Encoding.UTF8.GetBytes(secretKey, key)], signingString, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
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
