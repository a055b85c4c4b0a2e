using System.Globalization;
using System.Text.Json;

namespace JetPay.PaymentPage;

/// <summary>Lenient reads of callback fields: absent, null or of an unexpected kind gives <see langword="null"/>.</summary>
internal static class CallbackJson
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>A string as it is; a number as its JSON text (ids come either way); a boolean as <c>true</c>/<c>false</c>.</summary>
    public static string? String(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>An integer sent as a JSON number or as a string of digits.</summary>
    public static long? Int64(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    public static CallbackSum? Sum(JsonElement parent, string name)
    {
        if (Object(parent, name) is not { } sum)
        {
            return null;
        }

        var amount = Int64(sum, "amount");
        var currency = String(sum, "currency");
        return amount is { } value && !string.IsNullOrEmpty(currency) ? new CallbackSum(value, currency) : null;
    }

    /// <summary>The platform's <c>2022-03-25T11:08:45+0000</c>; any ISO 8601 date-time with an offset is taken too.</summary>
    public static DateTimeOffset? Date(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var normalized = WithColonInOffset(text);
        return DateTimeOffset.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>.NET reads offsets as <c>+00:00</c>; the platform writes <c>+0000</c>.</summary>
    private static string WithColonInOffset(string text)
    {
        if (text.Length > 5 && text[^5] is '+' or '-' && char.IsAsciiDigit(text[^4]) && char.IsAsciiDigit(text[^3])
            && char.IsAsciiDigit(text[^2]) && char.IsAsciiDigit(text[^1]))
        {
            return string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return text;
    }
}
