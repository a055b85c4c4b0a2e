namespace JetPay.PaymentPage.Tests.Callbacks;

public class PaymentCallbackTests
{
    [Fact]
    public void The_documented_success_callback_reads_into_every_typed_field_and_the_rest_by_path()
    {
        var body = Callbacks.Signed(Callbacks.DocumentedSuccess);

        var callback = CallbackSignature.VerifyAndParse(body, new SecretKeys(Callbacks.Key));

        Assert.Equal(123, callback.ProjectId);
        Assert.Equal(
            new CallbackPayment
            {
                Id = "payment_47",
                Type = "purchase",
                Status = PaymentStatus.Success,
                Date = "2022-03-25T11:08:45+0000",
                Sum = new CallbackSum(10000, "KZT"),
            },
            callback.Payment);
        Assert.Equal(new CallbackOperation { Id = 28, Type = "sale", Status = "success", Code = "0" }, callback.Operation);
        Assert.Equal("mobile", callback.GetSignedValue("payment:method"));
        Assert.Equal("customer_123", callback.GetSignedValue("customer:id"));
        Assert.Equal("9e32835fb27907e0b085636c5117242b5cf60a4e17839", callback.GetSignedValue("operation:request_id"));
        Assert.Equal("123abc123-321", callback.GetSignedValue("operation:provider:payment_id"));
        Assert.Equal("", callback.GetSignedValue("operation:provider:auth_code"));
        Assert.Null(callback.GetSignedValue("operation:provider"));
        Assert.Null(callback.GetSignedValue("signature"));
        Assert.StartsWith("customer:id:customer_123;operation:code:0;operation:created_date:", callback.SigningString, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(callback.SigningString))), callback.SigningDigest);
    }

    [Fact]
    public void Numbers_sent_as_strings_and_ids_sent_as_numbers_are_read_alike()
    {
        var callback = PaymentCallback.Parse("""
            {"project_id":"123","payment":{"id":47,"sum":{"amount":"10000","currency":"KZT"}},
             "operation":{"id":"28","code":0,"provider":{"id":"12345","payment_id":987}}}
            """);

        Assert.Equal(123, callback.ProjectId);
        Assert.Equal("47", callback.Payment.Id);
        Assert.Equal(new CallbackSum(10000, "KZT"), callback.Payment.Sum);
        Assert.Equal(28, callback.Operation?.Id);
        Assert.Equal("0", callback.Operation?.Code);
        Assert.Equal("987", callback.GetSignedValue("operation:provider:payment_id"));
    }

    [Fact]
    public void Fields_the_platform_adds_are_ignored_and_fields_it_omits_are_null()
    {
        var callback = PaymentCallback.Parse("""{"payment":{"id":"p-1","brand_new":{"x":[1,2]}},"recurring":{"id":5},"errors":[{"code":"1"}]}""");

        Assert.Equal("p-1", callback.Payment.Id);
        Assert.Null(callback.ProjectId);
        Assert.Null(callback.Payment.Sum);
        Assert.Null(callback.Payment.Date);
        Assert.Null(callback.Operation);
        Assert.Equal("2", callback.GetSignedValue("payment:brand_new:x:1"));
        Assert.False(callback.Payment.Status.IsKnown);
    }

    [Fact]
    public void Values_the_app_does_not_act_on_read_as_null_when_of_an_unexpected_kind()
    {
        var callback = PaymentCallback.Parse("""{"payment":{"id":"p-1","date":"yesterday"},"customer":[],"operation":{"id":"x","sum_initial":{"amount":"ten","currency":"KZT"},"provider":{"id":1.5}}}""");

        Assert.Null(callback.Payment.Sum);
        Assert.Equal("yesterday", callback.Payment.Date);
        Assert.Null(callback.Operation?.Id);
    }

    [Theory]
    [InlineData("""{"project_id":{"x":1},"payment":{"id":"p-1"}}""")]
    [InlineData("""{"project_id":"123abc","payment":{"id":"p-1"}}""")]
    [InlineData("""{"payment":{"id":"p-1","sum":{"amount":"ten","currency":"KZT"}}}""")]
    [InlineData("""{"payment":{"id":"p-1","sum":{"amount":100.5,"currency":"KZT"}}}""")]
    [InlineData("""{"payment":{"id":"p-1","sum":{"amount":100}}}""")]
    [InlineData("""{"payment":{"id":"p-1","sum":{"amount":100,"currency":""}}}""")]
    [InlineData("""{"payment":{"id":"p-1","sum":"amount:100"}}""")]
    [InlineData("""{"payment":{"id":"p-1","status":{"success":""}}}""")]
    [InlineData("""{"payment":{"id":"p-1"},"operation":"id:5"}""")]
    public void A_field_the_app_acts_on_that_does_not_read_as_signed_is_refused(string json) =>
        Assert.Equal(CallbackRejection.UnreadableField, Assert.Throws<CallbackRejectedException>(() => PaymentCallback.Parse(json)).Reason);

    [Theory]
    [InlineData("10000")]
    [InlineData("1e4")]
    [InlineData("1E+4")]
    [InlineData("10000.0")]
    [InlineData("\"10000\"")]
    public void An_amount_reads_as_the_signer_writes_it_whatever_its_json_spelling(string amount)
    {
        var callback = PaymentCallback.Parse($$$$"""{"payment":{"id":"p-1","sum":{"amount":{{{{amount}}}},"currency":"KZT"}}}""");

        Assert.Equal(new CallbackSum(10000, "KZT"), callback.Payment.Sum);
    }

    [Fact]
    public void Parse_refuses_json_without_a_payment_id() =>
        Assert.Equal(CallbackRejection.MissingPaymentId, Assert.Throws<CallbackRejectedException>(() => PaymentCallback.Parse("{}")).Reason);
}
