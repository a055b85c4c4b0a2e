using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JetPay.PaymentPage;

namespace JetPay.Benchmarks;

/// <summary>
/// The signing strings of generated awkward payloads, summed up as one SHA-256: run against two builds of the signer,
/// equal digests say they write the same bytes for every payload. The payloads are JSON text (so keys can repeat) built
/// from pieces that meet PHP's rules head-on: runs of digits with and without leading zeros, every white-space byte,
/// colons, empty keys and <c>"0"</c>, <c>frame_mode</c> and <c>signature</c>, multi-byte UTF-8, floats PHP writes in
/// exponent form, integers past 64 bits, empty containers, and flat request parameters.
/// </summary>
/// <remarks>Compiles against the signer of any version since the first: it uses only the two <c>BuildSigningString</c>.</remarks>
internal static class SigningStringParity
{
    private static readonly string[] Pieces =
    [
        "a", "b", "A", "Z", "z", "0", "00", "007", "1", "9", "10", "01", "2", "x1", "x01", "x 1", " ", "  ", "   ", "\t",
        "\n", "\v", "\f", "\r", ":", "::", ";", "_", "-", ".", "é", "Ж", "€", "😀", "frame_mode", "signature", "general",
        "payment", "id", "sum", "amount", "status",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "42", "7", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "123456789012345678901234567890", "1.5", "-0.0", "0.1", "1e3", "1E-7", "2.5e+20", "1e21",
        "1e22", "123456789012345678.0", "0.30000000000000004", "1e308", "5e-324", "100.0", "1.0e2", "3.14159265358979",
    ];

    public static int Run(int seed, int count)
    {
        var random = new Random(seed);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var refused = 0;
        for (var i = 0; i < count; i++)
        {
            string signingString;
            try
            {
                signingString = i % 10 == 9
                    ? PaymentPageSignature.BuildSigningString(Parameters(random))
                    : SigningStringOfJson(Payload(random));
            }
            catch (ArgumentException)
            {
                signingString = "(refused)";
                refused++;
            }

            var utf8 = Encoding.UTF8.GetBytes(signingString + "\n");
            digest.AppendData(utf8);
            bytes += utf8.Length;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"seed {seed}: {count} payloads, {bytes} bytes of signing strings, {refused} refused, sha256 {Convert.ToHexStringLower(digest.GetHashAndReset())}"));
        return 0;
    }

    private static string SigningStringOfJson(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        return PaymentPageSignature.BuildSigningString(document.RootElement);
    }

    private static string Payload(Random random)
    {
        var json = new StringBuilder();
        if (random.Next(10) == 0)
        {
            Array(random, json, depth: 0);
        }
        else
        {
            Object(random, json, depth: 0);
        }

        return json.ToString();
    }

    private static void Object(Random random, StringBuilder json, int depth)
    {
        json.Append('{');
        var members = random.Next(depth == 0 ? 1 : 0, 7);
        for (var i = 0; i < members; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(Text(random, maxPieces: 4))).Append(':');
            Value(random, json, depth + 1);
        }

        json.Append('}');
    }

    private static void Array(Random random, StringBuilder json, int depth)
    {
        json.Append('[');
        var elements = random.Next(depth == 0 ? 1 : 0, 5);
        for (var i = 0; i < elements; i++)
        {
            json.Append(i == 0 ? "" : ",");
            Value(random, json, depth + 1);
        }

        json.Append(']');
    }

    private static void Value(Random random, StringBuilder json, int depth)
    {
        switch (random.Next(depth >= 4 ? 5 : 7))
        {
            case 0:
                json.Append(JsonSerializer.Serialize(Text(random, maxPieces: 5)));
                break;
            case 1:
                json.Append(Numbers[random.Next(Numbers.Length)]);
                break;
            case 2:
                json.Append(random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture));
                break;
            case 3:
                json.Append(random.NextDouble() < 0.5 ? "true" : "false");
                break;
            case 4:
                json.Append(random.NextDouble() < 0.8 ? "null" : random.NextDouble() < 0.5 ? "{}" : "[]");
                break;
            case 5:
                Object(random, json, depth);
                break;
            default:
                Array(random, json, depth);
                break;
        }
    }

    private static List<KeyValuePair<string, string?>> Parameters(Random random)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            var name = Text(random, maxPieces: 3);
            parameters.Add(new(name.Length == 0 ? "p" : name, random.Next(8) == 0 ? null : Text(random, maxPieces: 4)));
        }

        return parameters;
    }

    private static string Text(Random random, int maxPieces)
    {
        var text = new StringBuilder();
        for (var i = random.Next(maxPieces + 1); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}
