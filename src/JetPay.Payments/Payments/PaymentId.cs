using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace JetPay.Payments.Payments;

/// <summary>
/// The merchant's payment id, sent to JetPay as <c>payment_id</c>. Restricted to characters that are safe
/// in a URL path, a blob name and a table key: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most 64 of them.
/// </summary>
public readonly record struct PaymentId
{
    public const int MaxLength = 64;
    private const string GeneratedPrefix = "pay_";
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private PaymentId(string value) => Value = value;

    public string Value { get; }

    /// <summary>A new unguessable id: 130 random bits.</summary>
    public static PaymentId New()
    {
        Span<byte> random = stackalloc byte[26];
        RandomNumberGenerator.Fill(random);
        return new PaymentId(string.Create(GeneratedPrefix.Length + random.Length, random.ToArray(), static (chars, bytes) =>
        {
            GeneratedPrefix.AsSpan().CopyTo(chars);
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[GeneratedPrefix.Length + i] = Base32Alphabet[bytes[i] & 31];
            }
        }));
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out PaymentId paymentId)
    {
        paymentId = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '.' || !value.All(IsAllowed))
        {
            return false;
        }

        paymentId = new PaymentId(value);
        return true;
    }

    public override string ToString() => Value;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
