using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JetPay.Benchmarks;

/// <summary>
/// The obvious implementation, as a baseline: flatten into a list of strings by concatenation, sort, join, HMAC.
/// (Ordinal sorting is enough for the documented callback, which has no numbers in its keys.)
/// </summary>
internal static class StraightforwardSignature
{
    public static string Sign(string json, string key)
    {
        using var document = JsonDocument.Parse(json);
        return Sign(document.RootElement, key, skipSignatures: false);
    }

    public static bool Verify(byte[] body, string key)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var signature = root.TryGetProperty("signature", out var top) ? top.GetString()
            : root.TryGetProperty("general", out var general) && general.TryGetProperty("signature", out var nested) ? nested.GetString()
            : null;
        return signature is not null && Sign(root, key, skipSignatures: true) == signature;
    }

    private static string Sign(JsonElement root, string key, bool skipSignatures)
    {
        var entries = new List<string>();
        Flatten(root, "", entries, skipSignatures);
        entries.Sort(StringComparer.Ordinal);
        using var hmac = new HMACSHA512(Encoding.UTF8.GetBytes(key));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(string.Join(";", entries))));
    }

    private static void Flatten(JsonElement element, string prefix, List<string> entries, bool skipSignatures)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "frame_mode" || (skipSignatures && property.Name == "signature"))
                    {
                        continue;
                    }

                    var name = property.Name.Replace(":", "::", StringComparison.Ordinal);
                    Flatten(property.Value, prefix.Length == 0 ? name : prefix + ":" + name, entries, skipSignatures);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, prefix + ":" + index++, entries, skipSignatures);
                }

                break;
            case JsonValueKind.True:
                entries.Add(prefix + ":1");
                break;
            case JsonValueKind.False:
                entries.Add(prefix + ":0");
                break;
            case JsonValueKind.Null:
                entries.Add(prefix + ":");
                break;
            case JsonValueKind.String:
                entries.Add(prefix + ":" + element.GetString());
                break;
            default:
                entries.Add(prefix + ":" + element.GetRawText());
                break;
        }
    }
}
