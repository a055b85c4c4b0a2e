using System.Text;
using System.Text.Json.Nodes;

namespace JetPay.PaymentPage.Tests.Signing;

public class SignatureVerificationTests
{
    private const string Key = "secret";
    private const string MinimalCallbackSignature = "/3TrhHVz9BHaLfgLyhoxO7dsQNzbzZa/TdO3pxQocXWwgVM6tGlzMLVfpOxFNTnkR9iiFVK/77ZedMcbkCjmng==";

    private static bool Verify(string json) => PaymentPageSignature.Verify(Encoding.UTF8.GetBytes(json), Key);

    [Fact]
    public void The_top_level_signature_verifies_the_rest_of_the_payload() =>
        Assert.True(Verify($$$"""{"payment":{"id":"000049","status":"success"},"signature":"{{{MinimalCallbackSignature}}}"}"""));

    [Fact]
    public void The_general_signature_is_used_when_there_is_no_top_level_one() =>
        Assert.True(Verify($$$"""{"general":{"signature":"{{{MinimalCallbackSignature}}}"},"payment":{"id":"000049","status":"success"}}"""));

    [Fact]
    public void The_top_level_signature_wins_over_the_general_one() =>
        Assert.False(Verify($$$"""{"general":{"signature":"{{{MinimalCallbackSignature}}}"},"payment":{"id":"000049","status":"success"},"signature":"{{{Forged()}}}"}"""));

    [Fact]
    public void Signature_keys_at_every_level_are_left_out_of_the_signing_string() =>
        Assert.True(Verify($$$"""{"payment":{"id":"000049","status":"success","signature":"anything"},"signature":"{{{MinimalCallbackSignature}}}"}"""));

    [Fact]
    public void A_json_escaped_signature_is_read_unescaped() =>
        Assert.True(Verify($$$"""{"payment":{"id":"000049","status":"success"},"signature":"{{{MinimalCallbackSignature.Replace("/", "\\/", StringComparison.Ordinal)}}}"}"""));

    [Fact]
    public void A_changed_value_fails_verification() =>
        Assert.False(Verify($$$"""{"payment":{"id":"000049","status":"decline"},"signature":"{{{MinimalCallbackSignature}}}"}"""));

    [Fact]
    public void Another_key_fails_verification() =>
        Assert.False(PaymentPageSignature.Verify(
            Encoding.UTF8.GetBytes($$$"""{"payment":{"id":"000049","status":"success"},"signature":"{{{MinimalCallbackSignature}}}"}"""), "other"));

    [Theory]
    [InlineData("""{"payment":{"id":"1"}}""")]
    [InlineData("""{"payment":{"id":"1"},"signature":null}""")]
    [InlineData("""{"payment":{"id":"1"},"signature":42}""")]
    [InlineData("""{"payment":{"id":"1"},"signature":"not base64!"}""")]
    [InlineData("""{"payment":{"id":"1"},"signature":"AAAA"}""")]
    [InlineData("""{"payment":{"id":"1"},"signature":""}""")]
    public void A_missing_or_malformed_signature_is_invalid(string json) => Assert.False(Verify(json));

    [Fact]
    public void A_signature_of_the_wrong_length_is_invalid_even_when_it_is_a_prefix_of_the_right_one()
    {
        var truncated = Convert.ToBase64String(Convert.FromBase64String(MinimalCallbackSignature).AsSpan(0, 32));
        Assert.False(Verify($$$"""{"payment":{"id":"000049","status":"success"},"signature":"{{{truncated}}}"}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"a":1""")]
    [InlineData("""{"a":1}{"b":2}""")]
    public void Text_that_is_not_a_json_object_is_invalid_not_an_exception(string text) => Assert.False(Verify(text));

    [Fact]
    public void Nesting_deeper_than_the_reader_allows_is_invalid_not_an_exception() =>
        Assert.False(Verify(new string('[', 10_000) + new string(']', 10_000)));

    [Fact]
    public void A_parsed_payload_nested_deeper_than_64_levels_verifies_as_it_was_signed()
    {
        var options = new System.Text.Json.JsonDocumentOptions { MaxDepth = 200 };
        var json = "{\"a\":" + new string('[', 100) + "1" + new string(']', 100) + "}";
        using var unsigned = System.Text.Json.JsonDocument.Parse(json, options);
        var signature = PaymentPageSignature.Sign(unsigned.RootElement, Key);

        using var signed = System.Text.Json.JsonDocument.Parse(json[..^1] + ",\"signature\":\"" + signature + "\"}", options);

        Assert.True(PaymentPageSignature.Verify(signed.RootElement, Key));
    }

    [Fact]
    public void Invalid_utf8_is_invalid_not_an_exception() =>
        Assert.False(PaymentPageSignature.Verify([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], Key));

    [Fact]
    public void A_payload_signed_with_AddSignature_verifies()
    {
        var payload = new JsonObject
        {
            ["project_id"] = 123,
            ["payment"] = new JsonObject { ["id"] = "p-1", ["status"] = "success", ["description"] = "Әлия / Қасымов" },
            ["general"] = new JsonObject { ["signature"] = "stale" },
        };

        PaymentPageSignature.AddSignature(payload, Key);

        Assert.True(PaymentPageSignature.Verify(Json.Parse(payload.ToJsonString()), Key));
    }

    private static string Forged() => Convert.ToBase64String(new byte[64]);
}
