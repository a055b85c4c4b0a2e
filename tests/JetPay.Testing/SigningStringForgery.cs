using System.Text.Json;
using System.Text.Json.Nodes;
using JetPay.PaymentPage;

namespace JetPay.Testing;

/// <summary>
/// Builds a body whose signing string equals a genuine callback's, read apart at other separators: what an attacker holding
/// one signed callback can make of it.
/// </summary>
public static class SigningStringForgery
{
    /// <summary>
    /// The genuine callback carries <paramref name="injected"/> entries in the free text <c>carrierObject.carrierField</c>
    /// (its value is <c>x;{injected};zzz</c>). The forgery lifts them out as real fields and swallows every genuine entry
    /// after the carrier into one key holding <c>;</c>. Returns the genuine payload and the forged one, without signatures.
    /// </summary>
    public static (JsonObject Genuine, JsonObject Forged) LiftEntriesOutOfFreeText(JsonObject genuine, string carrierObject, string carrierField, string injected)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(injected);
        genuine[carrierObject]![carrierField] = "x;" + injected + ";zzz";
        var signingString = PaymentPageSignature.BuildSigningString(JsonDocument.Parse(genuine.ToJsonString()).RootElement);
        var carrier = $"{carrierObject}:{carrierField}:x;";
        var carrierAt = signingString.IndexOf(carrier, StringComparison.Ordinal);
        var afterCarrier = signingString[(carrierAt + carrier.Length + injected.Length + 1)..];

        var forged = new JsonObject();
        foreach (var entry in signingString[..carrierAt].TrimEnd(';').Split(';'))
        {
            Merge(forged, AsNestedEntry(entry));
        }

        Merge(forged, AsNestedEntry($"{carrierObject}:{carrierField}:x"));
        foreach (var entry in injected.Split(';'))
        {
            Merge(forged, AsNestedEntry(entry));
        }

        Merge(forged, AsNestedEntry(afterCarrier));
        return (genuine, forged);
    }

    /// <summary>"k1:k2:…:kn:value" as nested objects, each ':' a level.</summary>
    private static JsonObject AsNestedEntry(string entry)
    {
        var parts = entry.Split(':');
        JsonNode node = JsonValue.Create(parts[^1])!;
        for (var i = parts.Length - 2; i >= 1; i--)
        {
            node = new JsonObject { [parts[i]] = node };
        }

        return new JsonObject { [parts[0]] = node };
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            from.Remove(key);
            if (into[key] is JsonObject existing && value is JsonObject nested)
            {
                Merge(existing, nested);
            }
            else
            {
                into[key] = value;
            }
        }
    }
}
