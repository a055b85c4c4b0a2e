using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JetPay.Testing;

namespace JetPay.PaymentPage.Tests.Callbacks;

/// <summary>What the signature covers is exactly what the callback reads: the attacks that re-spell a signed body.</summary>
public class CallbackBindingTests
{
    private static readonly SecretKeys Keys = new(Callbacks.Key);

    private static readonly JsonObject Genuine = JsonNode.Parse("""
        {"project_id":123,
         "payment":{"id":"order-a","type":"purchase","status":"decline","sum":{"amount":100,"currency":"KZT"},"description":""},
         "customer":{"id":"customer_123"},
         "operation":{"id":28,"type":"sale","status":"decline","code":"20101","message":"Declined"}}
        """)!.AsObject();

    private static string SignatureOf(JsonObject payload)
    {
        var body = JsonNode.Parse(SignedCallbacks.Sign(payload, Callbacks.Key))!.AsObject();
        return body["signature"]!.GetValue<string>();
    }

    private static string Fields(JsonObject payload)
    {
        var text = payload.ToJsonString();
        return text[1..^1];
    }

    private static (bool Verified, CallbackRejection Rejection, PaymentCallback? Callback) Deliver(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var verified = PaymentPageSignature.Verify(bytes, Callbacks.Key);
        CallbackSignature.TryVerifyAndParse(bytes, Keys, out var callback, out var rejection);
        return (verified, rejection, callback);
    }

    private static PaymentCallback Read(JsonObject payload) => CallbackSignature.VerifyAndParse(SignedCallbacks.Sign(payload, Callbacks.Key), Keys);

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    public void The_fields_of_a_signed_callback_moved_under_a_key_that_drops_out_are_refused_though_the_signature_holds(string key)
    {
        var forged = $$$"""
            {"payment":{"id":"order-b","status":"success","sum":{"amount":5000000,"currency":"KZT"}},
             "operation":{"status":"success"},
             "{{{key}}}":{{{{Fields(Genuine)}}}},
             "signature":"{{{SignatureOf(Genuine)}}}"}
            """;

        var (verified, rejection, callback) = Deliver(forged);

        Assert.True(verified, "the forgery must verify, or this test shows nothing");
        Assert.Null(callback);
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Fact]
    public void A_key_that_drops_out_below_the_top_is_refused()
    {
        // {"payment":{"":"x"}} and {"payment":":x"} both sign as "payment::x".
        var genuine = JsonNode.Parse("""{"payment":{"id":"order-a","description":":x"}}""")!.AsObject();
        var forged = $$$"""{"payment":{"id":"order-a","description":{"":"x"}},"signature":"{{{SignatureOf(genuine)}}}"}""";

        var (verified, rejection, _) = Deliver(forged);

        Assert.True(verified);
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Fact]
    public void Keys_whose_colons_make_two_paths_alike_are_refused()
    {
        // {"note":{":b":1}} and {"note:":{"b":1}} both give the path "note:::b".
        var genuine = JsonNode.Parse("""{"payment":{"id":"order-a"},"note":{":b":1}}""")!.AsObject();
        var forged = $$"""{"payment":{"id":"order-a"},"note:":{"b":1},"signature":"{{SignatureOf(genuine)}}"}""";

        Assert.Equal(CallbackRejection.AmbiguousSigning, Deliver(forged).Rejection);
        Assert.Equal(CallbackRejection.AmbiguousSigning, Assert.Throws<CallbackRejectedException>(() => Read(genuine)).Reason);
    }

    [Fact]
    public void A_key_given_twice_is_refused_whichever_value_was_signed()
    {
        var forged = $$"""{"payment":{"id":"order-b","id":"order-a","status":"decline"},"signature":"{{SignatureOf(JsonNode.Parse("""{"payment":{"id":"order-a","status":"decline"}}""")!.AsObject())}}"}""";

        var (verified, rejection, _) = Deliver(forged);

        Assert.True(verified);
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("type")]
    [InlineData("date")]
    public void A_read_field_and_a_key_that_starts_with_its_name_and_a_colon_sign_alike_so_both_are_refused(string field)
    {
        // {"payment":{"status:x":"y"}} and {"payment":{"status":":x:y"}} both sign as "payment:status::x:y".
        var asValue = JsonNode.Parse($$$"""{"payment":{"id":"order-a","{{{field}}}":":x:y"}}""")!.AsObject();
        var asKey = $$"""{"payment":{"id":"order-a","{{field}}:x":"y"},"signature":"{{SignatureOf(asValue)}}"}""";

        var (verified, rejection, _) = Deliver(asKey);

        Assert.True(verified, "the re-spelling must verify, or this test shows nothing");
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
        Assert.Equal(CallbackRejection.AmbiguousSigning, Assert.Throws<CallbackRejectedException>(() => Read(asValue)).Reason);
    }

    [Fact]
    public void A_key_beside_the_project_id_that_starts_with_project_id_and_a_colon_is_refused()
    {
        var genuine = JsonNode.Parse("""{"project_id:1":"2","payment":{"id":"order-a"}}""")!.AsObject();

        Assert.Equal(CallbackRejection.AmbiguousSigning, Assert.Throws<CallbackRejectedException>(() => Read(genuine)).Reason);
    }

    [Theory]
    [InlineData("""{"payment":{"id":"order-a","status":"decline"},"payment":{}}""")]
    [InlineData("""{"payment":{},"payment":{"id":"order-a","status":"decline"}}""")]
    [InlineData("""{"payment":{"id":"order-a","status":"decline","sum":[],"sum":{}}}""")]
    [InlineData("""{"payment":{"id":"order-a","status":"decline"},"frame_mode":"x","frame_mode":{"payment":{"status":"success"}}}""")]
    [InlineData("""{"payment":{"id":"order-a","status":"decline"},"extra":[{"a":1,"a":{}}]}""")]
    public void A_key_given_twice_in_any_object_is_refused_even_where_the_signing_string_shows_it_once(string body)
    {
        var signed = JsonNode.Parse("""{"payment":{"id":"order-a","status":"decline"},"extra":[{"a":1}]}""")!.AsObject();
        if (!body.Contains("extra", StringComparison.Ordinal))
        {
            signed.Remove("extra");
        }

        var forged = body[..^1] + $$""","signature":"{{SignatureOf(signed)}}"}""";

        var (verified, rejection, _) = Deliver(forged);

        Assert.True(verified, "the re-spelling must verify, or this test shows nothing");
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Fact]
    public void Objects_side_by_side_may_hold_the_same_keys()
    {
        var callback = Read(JsonNode.Parse("""{"payment":{"id":"order-a","sum":{"amount":1,"currency":"KZT"}},"operation":{"sum_initial":{"amount":1,"currency":"KZT"}},"items":[{"id":1},{"id":2}]}""")!.AsObject());

        Assert.Equal("2", callback.GetSignedValue("items:1:id"));
    }

    [Theory]
    [InlineData("1e2")]
    [InlineData("1E2")]
    [InlineData("100.0")]
    [InlineData("1000e-1")]
    [InlineData("\"100\"")]
    public void A_re_spelled_amount_reads_as_the_signed_one_and_has_the_same_digest(string amount)
    {
        var respelled = Encoding.UTF8.GetString(SignedCallbacks.Sign(Genuine, Callbacks.Key)).Replace("\"amount\":100", $"\"amount\":{amount}", StringComparison.Ordinal);

        var (verified, rejection, callback) = Deliver(respelled);

        Assert.True(verified);
        Assert.Equal(CallbackRejection.None, rejection);
        Assert.Equal(new CallbackSum(100, "KZT"), callback!.Payment.Sum);
        Assert.Equal(Read(Genuine).SigningDigest, callback.SigningDigest);
    }

    [Theory]
    [InlineData("1", "true")]
    [InlineData("123", "\"123\"")]
    [InlineData("\"\"", "null")]
    public void Values_the_signer_writes_alike_read_alike(string signed, string respelledAs)
    {
        var genuine = JsonNode.Parse($$"""{"project_id":1,"payment":{"id":"order-a","description":{{signed}}},"extra":[1,2]}""")!.AsObject();
        var respelled = $$"""{"project_id":true,"payment":{"id":"order-a","description":{{respelledAs}}},"extra":{"0":1,"1":2},"signature":"{{SignatureOf(genuine)}}"}""";

        var (verified, rejection, callback) = Deliver(respelled);

        Assert.True(verified);
        Assert.Equal(CallbackRejection.None, rejection);
        Assert.Equal(JsonSerializer.Serialize(Read(genuine)), JsonSerializer.Serialize(callback));
    }

    [Fact]
    public void A_value_that_swallows_the_entries_after_it_is_refused()
    {
        // "payment:description:x;payment:id:order-a" is one entry here, two in the genuine body.
        var genuine = JsonNode.Parse("""{"payment":{"description":"x","id":"order-a","status":"success"}}""")!.AsObject();
        var forged = $$"""{"payment":{"description":"x;payment:id:order-a","status":"success"},"signature":"{{SignatureOf(genuine)}}"}""";

        var (verified, rejection, _) = Deliver(forged);

        Assert.True(verified);
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Fact]
    public void A_read_value_that_could_hold_a_following_entry_is_refused()
    {
        // "payment:type:purchase;payment_note:x" could be payment.type plus a payment_note, or payment.type alone.
        var genuine = JsonNode.Parse("""{"payment":{"id":"order-a","type":"purchase"},"payment_note":"x"}""")!.AsObject();
        var forged = $$"""{"payment":{"id":"order-a","type":"purchase;payment_note:x"},"signature":"{{SignatureOf(genuine)}}"}""";

        Assert.Equal(CallbackRejection.AmbiguousSigning, Deliver(forged).Rejection);
    }

    [Theory]
    [InlineData("Declined; try again")]
    [InlineData("Declined; code: 05")]
    [InlineData("Refused; reason: limit; retry: no")]
    public void Free_text_with_semicolons_and_colons_does_not_cost_a_genuine_callback(string message)
    {
        var genuine = JsonNode.Parse("""{"payment":{"id":"order-a","status":"decline","description":"Tea; size: L"},"operation":{"status":"decline"}}""")!.AsObject();
        genuine["operation"]!["message"] = message;

        var callback = Read(genuine);

        Assert.Equal("order-a", callback.Payment.Id);
        Assert.Equal(PaymentStatus.Decline, callback.Payment.Status);
    }

    [Fact]
    public void Free_text_that_could_hide_an_entry_the_callback_reads_is_still_refused()
    {
        var genuine = JsonNode.Parse("""{"payment":{"id":"order-a","status":"decline"},"operation":{"message":"x;payment:status:success"}}""")!.AsObject();

        Assert.Equal(CallbackRejection.AmbiguousSigning, Deliver(Encoding.UTF8.GetString(SignedCallbacks.Sign(genuine, Callbacks.Key))).Rejection);
    }

    [Fact]
    public void The_documented_callback_and_a_reordered_copy_with_frame_mode_have_one_digest()
    {
        var documented = JsonNode.Parse(Callbacks.DocumentedSuccess)!.AsObject();
        var reordered = new JsonObject(documented.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        reordered["frame_mode"] = "iframe";

        Assert.Equal(Read(documented).SigningDigest, Read(reordered).SigningDigest);
        Assert.NotEqual(Read(documented).SigningDigest, Read(Genuine).SigningDigest);
    }

    [Theory]
    [InlineData("payment", "description")]
    [InlineData("operation", "message")]
    public void Entries_carried_in_genuine_free_text_and_split_out_under_a_key_holding_a_semicolon_are_refused(string carrierObject, string carrierField)
    {
        const string injected = "payment:id:order-b;payment:status:success;payment:sum:amount:5000000;payment:sum:currency:KZT;project_id:123";
        var (genuine, forged) = SigningStringForgery.LiftEntriesOutOfFreeText(SignedCallbacks.Purchase("order-a", "decline", amount: 100), carrierObject, carrierField, injected);
        forged["signature"] = SignatureOf(genuine);

        var (verified, rejection, callback) = Deliver(forged.ToJsonString());

        Assert.True(verified, "the forgery must verify, or this test shows nothing");
        Assert.Null(callback);
        Assert.Equal(CallbackRejection.AmbiguousSigning, rejection);
    }

    [Fact]
    public void A_key_holding_a_semicolon_is_refused()
    {
        var payload = SignedCallbacks.Purchase("order-a", "success");
        payload["note;x"] = "y";

        Assert.Equal(CallbackRejection.AmbiguousSigning, Deliver(Encoding.UTF8.GetString(SignedCallbacks.Sign(payload, Callbacks.Key))).Rejection);
    }

    [Theory]
    [InlineData("provider", null)]
    [InlineData("provider", "")]
    [InlineData("sum_converted", null)]
    [InlineData("sum_initial", "")]
    public void An_object_the_callback_reads_sent_as_null_or_empty_is_absent_not_a_reason_to_refuse(string operationField, string? value)
    {
        var payload = SignedCallbacks.Purchase("order-a", "success");
        payload["operation"]![operationField] = value is null ? null : JsonValue.Create(value);

        var callback = Read(payload);

        Assert.Equal(PaymentStatus.Success, callback.Payment.Status);
        Assert.Equal(new CallbackSum(10000, "KZT"), callback.Payment.Sum);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"currency":"KZT"}""")]
    [InlineData("""{"amount":0,"currency":""}""")]
    public void A_decline_without_a_readable_sum_is_read_without_one(string sum)
    {
        var payload = SignedCallbacks.Purchase("order-a", "decline");
        payload["payment"]!["sum"] = JsonNode.Parse(sum);

        var callback = Read(payload);

        Assert.Equal(PaymentStatus.Decline, callback.Payment.Status);
        Assert.Null(callback.Payment.Sum);
    }

    [Fact]
    public void A_success_sent_with_a_null_sum_is_read_without_one_so_the_app_holds_it_for_review()
    {
        var payload = SignedCallbacks.Purchase("order-a", "success");
        payload["payment"]!["sum"] = null;

        var callback = Read(payload);

        Assert.Equal(PaymentStatus.Success, callback.Payment.Status);
        Assert.Null(callback.Payment.Sum);
    }

    [Theory]
    [InlineData("""{"currency":"KZT"}""")]
    [InlineData("""{"amount":1.5,"currency":"KZT"}""")]
    public void A_success_with_a_sum_that_does_not_read_is_refused(string sum)
    {
        var payload = SignedCallbacks.Purchase("order-a", "success");
        payload["payment"]!["sum"] = JsonNode.Parse(sum);

        Assert.Equal(CallbackRejection.UnreadableField, Deliver(Encoding.UTF8.GetString(SignedCallbacks.Sign(payload, Callbacks.Key))).Rejection);
    }
}
