using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace JetPay.PaymentPage.Tests.Signing;

public class SignatureProperties
{
    private const string Key = "property-key";

    // Letters only (Latin, Cyrillic, Kazakh), so that natural order is plain UTF-8 byte order for the oracle below.
    private static readonly Gen<string> Word =
        Gen.Elements("abcxyzABCАлияӘҚқҰұҮүҒғҺһ".ToCharArray())
            .ArrayOf()
            .Where(chars => chars.Length > 0)
            .Select(chars => new string(chars));

    private static readonly Gen<string> Value =
        Gen.Elements("ab 1:;+&=%Әлия Қасымов/\\\"".ToCharArray()).ArrayOf().Select(chars => new string(chars));

    private static readonly Gen<KeyValuePair<string, string>[]> FlatPayload =
        Gen.Zip(Word, Value).ArrayOf()
            .Select(pairs => pairs.DistinctBy(pair => pair.Item1).Select(pair => KeyValuePair.Create(pair.Item1, pair.Item2)).ToArray())
            .Where(pairs => pairs.Length > 0);

    private static readonly Gen<(string, string, string)> TwoWordsAndValue =
        Gen.Zip(Gen.Zip(Word, Word), Value).Select(t => (t.Item1.Item1, t.Item1.Item2, t.Item2));

    [Property]
    public Property The_order_of_keys_in_the_input_never_matters() =>
        Prop.ForAll(
            Arb.From(FlatPayload.SelectMany(pairs => Gen.Shuffle(pairs).Select(shuffled => (pairs, shuffled)))),
            input => Sign(input.pairs) == Sign(input.shuffled));

    [Property]
    public Property Changing_any_value_changes_the_signature() =>
        Prop.ForAll(
            Arb.From(FlatPayload.SelectMany(pairs => Gen.Zip(Gen.Choose(0, pairs.Length - 1), Value).Select(change => (pairs, change)))),
            input =>
            {
                var (pairs, (index, newValue)) = input;
                var changed = pairs.ToArray();
                changed[index] = KeyValuePair.Create(pairs[index].Key, newValue);
                return (newValue == pairs[index].Value).Or(() => Sign(pairs) != Sign(changed));
            });

    [Property]
    public Property Changing_any_key_changes_the_signature() =>
        Prop.ForAll(
            Arb.From(FlatPayload.SelectMany(pairs => Gen.Zip(Gen.Choose(0, pairs.Length - 1), Word).Select(change => (pairs, change)))),
            input =>
            {
                var (pairs, (index, newKey)) = input;
                var changed = pairs.ToArray();
                changed[index] = KeyValuePair.Create(newKey, pairs[index].Value);
                return pairs.Any(pair => pair.Key == newKey).Or(() => Sign(pairs) != Sign(changed));
            });

    [Property]
    public Property Moving_a_value_one_level_down_changes_the_signature() =>
        Prop.ForAll(
            Arb.From(TwoWordsAndValue),
            input =>
            {
                var (outer, inner, value) = input;
                var nested = new JsonObject { [outer] = new JsonObject { [inner] = value } };
                var flat = new JsonObject { [outer + ":" + inner] = value };
                var inList = new JsonObject { [outer] = new JsonArray(JsonValue.Create(value)) };
                var signatures = new[] { nested, flat, inList }.Select(payload => PaymentPageSignature.Sign(Json.Parse(payload.ToJsonString()), Key));
                return signatures.Distinct().Count() == 3;
            });

    [Property]
    public Property Arrays_of_ten_or_more_elements_are_listed_by_numeric_index() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(10, 120).SelectMany(length => Gen.ArrayOf(Word, length))),
            elements =>
            {
                var payload = new JsonObject { ["list"] = new JsonArray(elements.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()) };
                var expected = string.Join(';', elements.Select((element, index) => $"list:{index}:{element}"));
                return PaymentPageSignature.BuildSigningString(Json.Parse(payload.ToJsonString())) == expected;
            });

    [Property]
    public Property Cyrillic_and_kazakh_text_is_signed_as_utf8_in_byte_order() =>
        Prop.ForAll(
            Arb.From(FlatPayload),
            pairs =>
            {
                var entries = pairs.Select(pair => $"{pair.Key}:{pair.Value}").OrderBy(Encoding.UTF8.GetBytes, Utf8Order.Instance);
                var expected = Convert.ToBase64String(HMACSHA512.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(string.Join(';', entries))));
                return Sign(pairs) == expected;
            });

    [Property]
    public Property Colons_in_keys_are_doubled_in_the_path() =>
        Prop.ForAll(
            Arb.From(TwoWordsAndValue),
            input =>
            {
                var (left, right, value) = input;
                var parameters = new[] { KeyValuePair.Create($"{left}:{right}", (string?)value) };
                return PaymentPageSignature.BuildSigningString(parameters) == $"{left}::{right}:{value}";
            });

    private static string Sign(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var payload = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            payload[key] = value;
        }

        return PaymentPageSignature.Sign(Json.Parse(payload.ToJsonString()), Key);
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
