using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace JetPay.PaymentPage;

/// <summary>
/// The Payment Page signature: HMAC-SHA512, in base64, of a signing string made from every value of a request
/// or callback, exactly as JetPay's reference SDK (PHP) makes it.
/// </summary>
/// <remarks>
/// <para>The signing string: each leaf becomes <c>path:value</c>, the path being the keys from the root joined by
/// <c>:</c> (array elements keyed by their 0-based index, a <c>:</c> inside a key written <c>::</c>); <c>true</c> is
/// <c>1</c>, <c>false</c> is <c>0</c>, <c>null</c> is empty, strings are taken as they are and integers as their JSON
/// digits; empty arrays and objects give nothing; <c>frame_mode</c> is left out at every level. The entries are sorted
/// in PHP's natural order (byte-wise and case-sensitive, runs of digits by value) and joined with <c>;</c>.</para>
/// <para>For incoming callbacks use <see cref="CallbackSignature.VerifyAndParse"/>, which also rotates keys and
/// returns the typed callback.</para>
/// </remarks>
public static class PaymentPageSignature
{
    /// <summary>How deep a JSON payload may nest; deeper input is not JSON the platform sends.</summary>
    internal const int MaxDepth = 64;

    // A JsonElement was parsed already, perhaps with a larger MaxDepth than ours: sign and verify it as deep as
    // JsonDocument itself allows, so that what Sign accepts Verify accepts too.
    private const int ParsedElementMaxDepth = 1024;

    /// <summary>The signing string of a JSON object, as UTF-16; for inspection and tests.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is not a JSON object or array.</exception>
    public static string BuildSigningString(JsonElement payload)
    {
        var entries = SigningEntries.Rent();
        try
        {
            AddElement(entries, payload, excludeSignatures: false);
            return Encoding.UTF8.GetString(entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>The signing string of flat request parameters; a <see langword="null"/> value signs as empty.</summary>
    /// <remarks>A name given twice keeps its last value, as a PHP array would.</remarks>
    public static string BuildSigningString(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var entries = SigningEntries.Rent();
        try
        {
            AddParameters(entries, parameters);
            return Encoding.UTF8.GetString(entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>The signature of a JSON object: every value counts, a <c>signature</c> key too.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is not a JSON object or array, or the key is empty.</exception>
    public static string Sign(JsonElement payload, string secretKey)
    {
        RequireKey(secretKey);
        var entries = SigningEntries.Rent();
        try
        {
            AddElement(entries, payload, excludeSignatures: false);
            return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>The signature of UTF-8 JSON text: every value counts, a <c>signature</c> key too.</summary>
    /// <exception cref="ArgumentException">The text is not a JSON object or array, or the key is empty.</exception>
    public static string Sign(ReadOnlySpan<byte> utf8Json, string secretKey)
    {
        RequireKey(secretKey);
        var entries = SigningEntries.Rent();
        try
        {
            AddUtf8Json(entries, utf8Json, excludeSignatures: false);
            return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>The signature of flat request parameters, to send as the <c>signature</c> parameter.</summary>
    /// <exception cref="ArgumentException">The key is empty, or a parameter has no name.</exception>
    public static string Sign(IEnumerable<KeyValuePair<string, string?>> parameters, string secretKey)
    {
        RequireKey(secretKey);
        var entries = SigningEntries.Rent();
        try
        {
            AddParameters(entries, parameters);
            return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>
    /// Whether the payload carries a valid signature: the top-level <c>signature</c>, or else <c>general.signature</c>,
    /// checked against all other values (every <c>signature</c> key removed) in constant time.
    /// </summary>
    /// <returns><see langword="false"/> for a missing, malformed or wrong signature, or a payload that is not an object.</returns>
    public static bool Verify(JsonElement payload, string secretKey)
    {
        RequireKey(secretKey);
        return payload.ValueKind == JsonValueKind.Object
            && Check(JsonMarshal.GetRawUtf8Value(payload), secretKey, previousKey: null, ParsedElementMaxDepth) == SignatureCheck.Valid;
    }

    /// <inheritdoc cref="Verify(JsonElement, string)"/>
    /// <returns><see langword="false"/> for a missing, malformed or wrong signature, or text that is not a JSON object.</returns>
    public static bool Verify(ReadOnlySpan<byte> utf8Json, string secretKey)
    {
        RequireKey(secretKey);
        return Check(utf8Json, secretKey, previousKey: null) == SignatureCheck.Valid;
    }

    /// <summary>
    /// Sets the top-level <c>signature</c> of a payload to the signature of its other values (every existing
    /// <c>signature</c> left out), as the platform signs a callback.
    /// </summary>
    public static void AddSignature(JsonObject payload, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        RequireKey(secretKey);

        var json = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(json))
        {
            payload.WriteTo(writer);
        }

        var entries = SigningEntries.Rent();
        try
        {
            AddUtf8Json(entries, json.WrittenSpan, excludeSignatures: true);
            payload["signature"] = HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>Checks the signature of a JSON object against each key; never throws for bad input.</summary>
    internal static SignatureCheck Check(ReadOnlySpan<byte> utf8Json, string currentKey, string? previousKey, int maxDepth = MaxDepth)
    {
        var entries = SigningEntries.Rent();
        try
        {
            return Check(utf8Json, currentKey, previousKey, entries, maxDepth);
        }
        finally
        {
            entries.Return();
        }
    }

    /// <summary>As <see cref="Check(ReadOnlySpan{byte}, string, string?, int)"/>, leaving the signed entries, sorted, in <paramref name="entries"/>.</summary>
    internal static SignatureCheck Check(ReadOnlySpan<byte> utf8Json, string currentKey, string? previousKey, SigningEntries entries, int maxDepth = MaxDepth)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return SignatureCheck.MalformedJson;
        }

        try
        {
            entries.AddJson(utf8Json, maxDepth, excludeSignatures: true);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return SignatureCheck.MalformedJson;
        }

        if (!entries.RootIsObject)
        {
            return SignatureCheck.MalformedJson;
        }

        ref readonly var carried = ref entries.CarriedSignature;
        return carried.State switch
        {
            CapturedSignatureState.Absent => SignatureCheck.MissingSignature,
            CapturedSignatureState.Malformed => SignatureCheck.InvalidSignature,
            _ => HmacSignature.Matches(currentKey, previousKey, entries.BuildSigningString(), carried.Bytes)
                ? SignatureCheck.Valid
                : SignatureCheck.InvalidSignature,
        };
    }

    private static void AddElement(SigningEntries entries, JsonElement payload, bool excludeSignatures)
    {
        if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            throw new ArgumentException("The payload must be a JSON object or array.", nameof(payload));
        }

        entries.AddJson(JsonMarshal.GetRawUtf8Value(payload), ParsedElementMaxDepth, excludeSignatures);
    }

    private static void AddUtf8Json(SigningEntries entries, ReadOnlySpan<byte> utf8Json, bool excludeSignatures)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            throw new ArgumentException("The payload is not valid UTF-8.", nameof(utf8Json));
        }

        try
        {
            entries.AddJson(utf8Json, MaxDepth, excludeSignatures);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The payload is not a JSON object or array.", nameof(utf8Json), ex);
        }
    }

    private static void AddParameters(SigningEntries entries, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("Every parameter needs a name.", nameof(parameters));
            }

            if (name != "frame_mode")
            {
                entries.AddParameter(name, value);
            }
        }
    }

    private static void RequireKey(string secretKey) =>
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
}
