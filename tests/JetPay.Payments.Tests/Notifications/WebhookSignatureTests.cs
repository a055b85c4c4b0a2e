using System.Text;
using JetPay.Payments.Notifications;

namespace JetPay.Payments.Tests.Notifications;

public class WebhookSignatureTests
{
    // The test vector published with the Standard Webhooks reference libraries.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static string Sign(string secret = VectorSecret, string id = VectorId, long timestamp = VectorTimestamp, string body = VectorBody) =>
        WebhookSignature.Sign(secret, id, DateTimeOffset.FromUnixTimeSeconds(timestamp), Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_signature_of_the_specifications_test_vector_is_reproduced_exactly()
    {
        Assert.Equal(VectorSignature, Sign());
    }

    [Fact]
    public void The_whsec_prefix_may_be_left_out_as_in_the_reference_libraries()
    {
        Assert.Equal(VectorSignature, Sign(secret: VectorSecret["whsec_".Length..]));
    }

    [Fact]
    public void Only_whole_seconds_of_the_timestamp_are_signed()
    {
        var withMilliseconds = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp).AddMilliseconds(999);

        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, withMilliseconds, Encoding.UTF8.GetBytes(VectorBody)));
    }

    [Fact]
    public void A_different_id_timestamp_body_or_secret_gives_a_different_signature()
    {
        var others = new[]
        {
            Sign(id: "msg_another"),
            Sign(timestamp: VectorTimestamp + 1),
            Sign(body: """{"test": 2432232315}"""),
            Sign(secret: "whsec_" + Convert.ToBase64String(new byte[24])),
        };

        Assert.DoesNotContain(VectorSignature, others);
        Assert.Equal(others.Length, others.Distinct().Count());
    }

    [Fact]
    public void A_webhook_id_with_a_dot_is_refused_because_it_would_make_the_signed_content_ambiguous()
    {
        Assert.Throws<ArgumentException>(() => Sign(id: "msg_1.2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes: shorter than the specification's 24
    public void A_secret_that_is_not_base64_of_24_to_64_bytes_is_refused(string secret)
    {
        Assert.False(WebhookSignature.TryReadSecret(secret, out _));
        Assert.Throws<FormatException>(() => Sign(secret: secret));
    }

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void A_secret_is_accepted_from_24_to_64_bytes(int bytes, bool accepted)
    {
        Assert.Equal(accepted, WebhookSignature.TryReadSecret("whsec_" + Convert.ToBase64String(new byte[bytes]), out _));
    }
}
