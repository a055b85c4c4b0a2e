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
        using var entries = SigningEntries.Rent();
        Add(entries, RawObjectOrArray(payload), ParsedElementMaxDepth, excludeSignatures: false);
        return Encoding.UTF8.GetString(entries.BuildSigningString());
    }

    /// <summary>The signing string of flat request parameters; a <see langword="null"/> value signs as empty.</summary>
    /// <remarks>A name given twice keeps its last value, as a PHP array would.</remarks>
    public static string BuildSigningString(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        using var entries = SigningEntries.Rent();
        AddParameters(entries, parameters);
        return Encoding.UTF8.GetString(entries.BuildSigningString());
    }

    /// <summary>The signature of a JSON object: every value counts, a <c>signature</c> key too.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is not a JSON object or array, or the key is empty.</exception>
    public static string Sign(JsonElement payload, string secretKey)
    {
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        Add(entries, RawObjectOrArray(payload), ParsedElementMaxDepth, excludeSignatures: false);
        return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
    }

    /// <summary>The signature of UTF-8 JSON text: every value counts, a <c>signature</c> key too.</summary>
    /// <exception cref="ArgumentException">The text is not a JSON object or array, or the key is empty.</exception>
    public static string Sign(ReadOnlySpan<byte> utf8Json, string secretKey)
    {
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        Add(entries, utf8Json, MaxDepth, excludeSignatures: false);
        return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
    }

    /// <summary>The signature of flat request parameters, to send as the <c>signature</c> parameter.</summary>
    /// <exception cref="ArgumentException">The key is empty, or a parameter has no name.</exception>
    public static string Sign(IEnumerable<KeyValuePair<string, string?>> parameters, string secretKey)
    {
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        AddParameters(entries, parameters);
        return HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
    }

    /// <summary>
    /// Whether the payload carries a valid signature: the top-level <c>signature</c>, or else <c>general.signature</c>,
    /// checked against all other values (every <c>signature</c> key removed) in constant time.
    /// </summary>
    /// <returns><see langword="false"/> for a missing, malformed or wrong signature, or a payload that is not an object.</returns>
    public static bool Verify(JsonElement payload, string secretKey)
    {
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        return payload.ValueKind == JsonValueKind.Object
            && Check(JsonMarshal.GetRawUtf8Value(payload), secretKey, previousKey: null, entries, ParsedElementMaxDepth) == CallbackRejection.None;
    }

    /// <inheritdoc cref="Verify(JsonElement, string)"/>
    /// <returns><see langword="false"/> for a missing, malformed or wrong signature, or text that is not a JSON object.</returns>
    public static bool Verify(ReadOnlySpan<byte> utf8Json, string secretKey)
    {
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        return Check(utf8Json, secretKey, previousKey: null, entries) == CallbackRejection.None;
    }

    /// <summary>
    /// Sets the top-level <c>signature</c> of a payload to the signature of its other values (every existing
    /// <c>signature</c> left out), as the platform signs a callback.
    /// </summary>
    public static void AddSignature(JsonObject payload, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        RequireKey(secretKey);
        using var entries = SigningEntries.Rent();
        Add(entries, Encoding.UTF8.GetBytes(payload.ToJsonString()), MaxDepth, excludeSignatures: true);
        payload["signature"] = HmacSignature.ComputeBase64(secretKey, entries.BuildSigningString());
    }

    /// <summary>
    /// Checks the signature of a JSON object against each key (<see cref="CallbackRejection.None"/> when it holds),
    /// leaving the signed entries, sorted, in <paramref name="entries"/>; never throws for bad input.
    /// </summary>
    internal static CallbackRejection Check(ReadOnlySpan<byte> utf8Json, string currentKey, string? previousKey, SigningEntries entries, int maxDepth = MaxDepth)
    {
        if (!Utf8.IsValid(utf8Json) || !entries.TryAddJson(utf8Json, maxDepth, excludeSignatures: true) || !entries.RootIsObject)
        {
            return CallbackRejection.MalformedJson;
        }

        ref readonly var carried = ref entries.CarriedSignature;
        return carried.State == CapturedSignatureState.Absent ? CallbackRejection.MissingSignature
            : carried.Matches(currentKey, previousKey, entries.BuildSigningString()) ? CallbackRejection.None
            : CallbackRejection.InvalidSignature;
    }

    private static ReadOnlySpan<byte> RawObjectOrArray(JsonElement payload) =>
        payload.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? JsonMarshal.GetRawUtf8Value(payload)
            : throw new ArgumentException("The payload must be a JSON object or array.", nameof(payload));

    private static void Add(SigningEntries entries, ReadOnlySpan<byte> utf8Json, int maxDepth, bool excludeSignatures)
    {
        if (!Utf8.IsValid(utf8Json) || !entries.TryAddJson(utf8Json, maxDepth, excludeSignatures))
        {
            throw new ArgumentException("The payload must be a JSON object or array, in UTF-8, whose values with their paths take at most 1 MiB.", nameof(utf8Json));
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
