using System.Text;

namespace JetPay.PaymentPage.Tests.Callbacks;

public class CallbackSignatureTests
{
    private static readonly SecretKeys Keys = new(Callbacks.Key);

    private static CallbackRejection RejectionOf(byte[] body, SecretKeys? keys = null) =>
        Assert.Throws<CallbackRejectedException>(() => CallbackSignature.VerifyAndParse(body, keys ?? Keys)).Reason;

    [Fact]
    public void A_signed_callback_is_verified_and_read()
    {
        var callback = CallbackSignature.VerifyAndParse(Callbacks.Signed(Callbacks.DocumentedSuccess), Keys);

        Assert.Equal("payment_47", callback.Payment.Id);
        Assert.Equal(PaymentStatus.Success, callback.Payment.Status);
    }

    [Fact]
    public void A_callback_signed_with_the_previous_key_is_accepted_during_rotation()
    {
        var body = Callbacks.Signed(Callbacks.DocumentedSuccess, "old-key");

        Assert.Equal("payment_47", CallbackSignature.VerifyAndParse(body, new SecretKeys("new-key", "old-key")).Payment.Id);
        Assert.Equal(CallbackRejection.InvalidSignature, RejectionOf(body, new SecretKeys("new-key")));
    }

    [Fact]
    public void A_callback_signed_in_general_signature_is_accepted()
    {
        var signature = PaymentPageSignature.Sign(Json.Parse("""{"payment":{"id":"p-1","status":"success"}}"""), Callbacks.Key);
        var body = Encoding.UTF8.GetBytes($$$"""{"general":{"signature":"{{{signature}}}"},"payment":{"id":"p-1","status":"success"}}""");

        Assert.Equal("p-1", CallbackSignature.VerifyAndParse(body, Keys).Payment.Id);
    }

    [Fact]
    public void A_changed_amount_is_rejected_as_an_invalid_signature()
    {
        var body = Encoding.UTF8.GetString(Callbacks.Signed(Callbacks.DocumentedSuccess)).Replace("10000", "1", StringComparison.Ordinal);

        Assert.Equal(CallbackRejection.InvalidSignature, RejectionOf(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_callback_without_a_signature_is_rejected_as_missing_signature() =>
        Assert.Equal(CallbackRejection.MissingSignature, RejectionOf(Encoding.UTF8.GetBytes(Callbacks.DocumentedSuccess)));

    [Fact]
    public void A_signature_that_is_not_base64_is_rejected_as_invalid() =>
        Assert.Equal(CallbackRejection.InvalidSignature, RejectionOf(Encoding.UTF8.GetBytes("""{"payment":{"id":"1"},"signature":"%%%"}""")));

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{")]
    [InlineData("<html></html>")]
    public void A_body_that_is_not_a_json_object_is_rejected_as_malformed(string body) =>
        Assert.Equal(CallbackRejection.MalformedJson, RejectionOf(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Invalid_utf8_is_rejected_as_malformed() =>
        Assert.Equal(CallbackRejection.MalformedJson, RejectionOf([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']));

    [Theory]
    [InlineData("""{"payment":{"id":"a\ud800"},"signature":"x"}""")]
    [InlineData("""{"payment":{"\udc00":"a"},"signature":"x"}""")]
    public void A_lone_surrogate_escape_in_a_value_or_a_key_is_rejected_as_malformed(string body)
    {
        Assert.Equal(CallbackRejection.MalformedJson, RejectionOf(Encoding.UTF8.GetBytes(body)));
        Assert.False(PaymentPageSignature.Verify(Encoding.UTF8.GetBytes(body), "k"));
    }

    [Fact]
    public void Nesting_beyond_the_readers_maximum_depth_is_rejected_as_malformed()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201);

        Assert.Equal(CallbackRejection.MalformedJson, RejectionOf(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void A_body_whose_leaves_repeat_a_long_key_past_1_MiB_is_rejected_as_malformed()
    {
        // 40 KB of JSON, but every leaf's path repeats the 2,000-byte key: about 1.1 MB of entries.
        Assert.Equal(CallbackRejection.MalformedJson, RejectionOf(Encoding.UTF8.GetBytes(LeavesUnderALongKey(leaves: 550) + "\"signature\":\"x\"}")));
        Assert.Throws<ArgumentException>(() => PaymentPageSignature.Sign(Encoding.UTF8.GetBytes(LeavesUnderALongKey(leaves: 550) + "\"b\":1}"), Callbacks.Key));
    }

    [Fact]
    public void A_body_whose_entries_stay_within_1_MiB_verifies()
    {
        var unsigned = Encoding.UTF8.GetBytes(LeavesUnderALongKey(leaves: 500) + "\"payment\":{\"id\":\"p-1\"}}");
        var signature = PaymentPageSignature.Sign(unsigned, Callbacks.Key);
        var body = Encoding.UTF8.GetBytes(LeavesUnderALongKey(leaves: 500) + $$$"""
            "payment":{"id":"p-1"},"signature":"{{{signature}}}"}
            """);

        Assert.Equal("p-1", CallbackSignature.VerifyAndParse(body, Keys).Payment.Id);
    }

    [Theory]
    [InlineData("""{"project_id":1}""")]
    [InlineData("""{"payment":{"status":"success"}}""")]
    [InlineData("""{"payment":{"id":""}}""")]
    [InlineData("""{"payment":{"id":null}}""")]
    [InlineData("""{"payment":"p-1"}""")]
    public void A_validly_signed_callback_without_a_payment_id_is_rejected(string json) =>
        Assert.Equal(CallbackRejection.MissingPaymentId, RejectionOf(Callbacks.Signed(json)));

    [Fact]
    public void The_rejection_message_never_contains_a_key()
    {
        var keys = new SecretKeys("very-secret-current", "very-secret-previous");

        var exception = Assert.Throws<CallbackRejectedException>(() => CallbackSignature.VerifyAndParse(Callbacks.Signed("""{"payment":{"id":"1"}}""", "other"), keys));

        Assert.DoesNotContain("very-secret", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerifyAndParse_reports_the_rejection_instead_of_throwing()
    {
        Assert.False(CallbackSignature.TryVerifyAndParse(Encoding.UTF8.GetBytes(Callbacks.DocumentedSuccess), Keys, out var callback, out var rejection));
        Assert.Null(callback);
        Assert.Equal(CallbackRejection.MissingSignature, rejection);

        Assert.True(CallbackSignature.TryVerifyAndParse(Callbacks.Signed(Callbacks.DocumentedSuccess), Keys, out callback, out rejection));
        Assert.Equal(CallbackRejection.None, rejection);
        Assert.NotNull(callback);
    }

    private static string LeavesUnderALongKey(int leaves) =>
        "{\"" + new string('k', 2000) + "\":{" + string.Join(',', Enumerable.Range(0, leaves).Select(i => $"\"f{i}\":{i}")) + "},";
}
