namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>The test vectors of the official Payment Page SDKs and of JetPay's documentation.</summary>
public class SignatureVectorTests
{
    [Fact]
    public void Card_payload_of_the_sdk_tests_signs_to_the_published_signature()
    {
        var payload = Json.Parse("""
            {"customer":{"project_id":0,"id":"sutm_id"},"card":{"pan":"4242424242424242","year":2020,"month":8,
             "card_holder":"John Smith","cvv":"123","save":true},"frame_mode":"popup"}
            """);

        Assert.Equal(
            "card:card_holder:John Smith;card:cvv:123;card:month:8;card:pan:4242424242424242;card:save:1;card:year:2020;customer:id:sutm_id;customer:project_id:0",
            PaymentPageSignature.BuildSigningString(payload));
        Assert.Equal(
            "lY0LTSAzpR7zGce5qfYGacOuYlHGWqkMcQlqmjlsDDZI2gVcE1qVeWANnkIR7mdOqRXJnL1kO0lUmkQ0YYLWRg==",
            PaymentPageSignature.Sign(payload, "secret"));
    }

    [Fact]
    public void Minimal_callback_signs_to_the_published_signature()
    {
        var payload = Json.Parse("""{"payment":{"id":"000049","status":"success"}}""");

        Assert.Equal(
            "/3TrhHVz9BHaLfgLyhoxO7dsQNzbzZa/TdO3pxQocXWwgVM6tGlzMLVfpOxFNTnkR9iiFVK/77ZedMcbkCjmng==",
            PaymentPageSignature.Sign(payload, "secret"));
    }

    [Fact]
    public void Callback_with_general_signature_and_empty_arrays_verifies_with_the_published_signature()
    {
        const string Body = """
            {"general":{"signature":"Cm0L/+dLPg6Au/jEG0yr1FktzA1QwojRp95R9o5O4Wxx6MzjwTrso5B4rBXekM/fp5znut0WVGLFGG+TtJjuHQ=="},
             "redirectData":{"method":"GET","body":[],"encrypted":[],"url":"url data"},"payment":{"id":"qwerty123"}}
            """;
        var unsigned = Json.Parse("""{"redirectData":{"method":"GET","body":[],"encrypted":[],"url":"url data"},"payment":{"id":"qwerty123"}}""");

        Assert.Equal("payment:id:qwerty123;redirectData:method:GET;redirectData:url:url data", PaymentPageSignature.BuildSigningString(unsigned));
        Assert.Equal(
            "Cm0L/+dLPg6Au/jEG0yr1FktzA1QwojRp95R9o5O4Wxx6MzjwTrso5B4rBXekM/fp5znut0WVGLFGG+TtJjuHQ==",
            PaymentPageSignature.Sign(unsigned, "123"));
        Assert.True(PaymentPageSignature.Verify(Json.Parse(Body), "123"));
    }

    [Fact]
    public void Errors_list_with_nested_lists_and_null_signs_to_the_published_signature()
    {
        var payload = Json.Parse("""
            {"payment":{"id":"test-payment"},"errors":[{"code":"123","message":"grand crash","description":["description-str",{"description1":1}]},
             {"code":"456","message":"minor crash","description":null}]}
            """);

        Assert.Equal(
            "errors:0:code:123;errors:0:description:0:description-str;errors:0:description:1:description1:1;errors:0:message:grand crash;"
            + "errors:1:code:456;errors:1:description:;errors:1:message:minor crash;payment:id:test-payment",
            PaymentPageSignature.BuildSigningString(payload));
        Assert.Equal(
            "dxjnun8oySSl0CWlhhjy/k1V9CZcCtaHvu/Y5qJQbWHq8wd6TqTUt4bIfHrlWxT8ba9NOJfkgGHrGc5OgyQVGA==",
            PaymentPageSignature.Sign(payload, "qwerty"));
    }

    [Fact]
    public void Top_level_boolean_next_to_frame_mode_signs_to_the_published_signature()
    {
        var payload = Json.Parse("""{"payment":{"id":"test-payment","status":"success"},"some_bool_param":true,"frame_mode":"popup"}""");

        Assert.Equal(
            "TZS0J65ReNUMgKzeXUey9xOGGyC7r4OhsFXt/3H8XZM2Le8Wot2E1NIjeSPOyV1F3sUU6F3kfo9om2dhbe3ieA==",
            PaymentPageSignature.Sign(payload, "qwerty"));
    }

    [Fact]
    public void Mixed_nesting_flattens_to_the_published_signing_string()
    {
        var payload = Json.Parse("""{"a":{"b":1111111111111111,"c":2},"d":false,"f":["g",{"h":7,"i":{"k":8}}],"e":[4,5],"j":null}""");

        Assert.Equal(
            "a:b:1111111111111111;a:c:2;d:0;e:0:4;e:1:5;f:0:g;f:1:h:7;f:1:i:k:8;j:",
            PaymentPageSignature.BuildSigningString(payload));
    }

    [Fact]
    public void Documentation_example_request_signs_to_the_documented_signature()
    {
        var payload = Json.Parse("""
            {"project_id":12345,"payment_id":"X03936","payment_amount":2035,"payment_currency":"USD","payment_description":"Guyliner purchase",
             "customer_first_name":"Jack","customer_id":"user007","customer_last_name":"Sparrow","customer_phone":"02081234567","close_on_missclick":true}
            """);

        Assert.Equal(
            "SyA3cx/dmFrwjRcpbnwEK9zaklWKR9buIfTctQob/EHUTutFLpI0zWpSDFEWEwbZt/04i83395RCdEhtUMw83A==",
            PaymentPageSignature.Sign(payload, "secret"));
    }

    [Fact]
    public void Qr_request_signs_the_same_as_json_with_numbers_and_as_string_parameters()
    {
        const string Expected = "p9asyal2HzQ5H+XmoY6LJjS2yTFpaTlNccJjryPyZ2Bl61JcHuoHjewaYl/IHEZuixTYy4xVqI0Lh1QTmQO5ig==";
        var withNumbers = Json.Parse("""
            {"project_id":123,"payment_id":"payment_47","payment_currency":"KZT","payment_amount":10000,"customer_id":"customer_1",
             "customer_first_name":"John","customer_last_name":"Doe","customer_email":"johndoe@example.com"}
            """);
        var asParameters = new Dictionary<string, string?>
        {
            ["project_id"] = "123",
            ["payment_id"] = "payment_47",
            ["payment_currency"] = "KZT",
            ["payment_amount"] = "10000",
            ["customer_id"] = "customer_1",
            ["customer_first_name"] = "John",
            ["customer_last_name"] = "Doe",
            ["customer_email"] = "johndoe@example.com",
        };

        Assert.Equal(Expected, PaymentPageSignature.Sign(withNumbers, "secret"));
        Assert.Equal(Expected, PaymentPageSignature.Sign(asParameters, "secret"));
    }

    [Fact]
    public void Kazakh_names_keys_with_colons_and_long_arrays_sign_as_php_signs_them()
    {
        // Signing string and signature computed by PHP 8.2 with the reference SDK's algorithm.
        var payload = Json.Parse("""
            {"customer_first_name":"Әлия","customer_last_name":"Қасымов","customer_id":"c:1","payment:id":"p 1","payment_id":"x",
             "AuthCode":"A","acs":"b","items":[0,1,2,3,4,5,6,7,8,9,10,11]}
            """);

        Assert.Equal(
            "AuthCode:A;acs:b;customer_first_name:Әлия;customer_id:c:1;customer_last_name:Қасымов;items:0:0;items:1:1;items:2:2;items:3:3;"
            + "items:4:4;items:5:5;items:6:6;items:7:7;items:8:8;items:9:9;items:10:10;items:11:11;payment::id:p 1;payment_id:x",
            PaymentPageSignature.BuildSigningString(payload));
        Assert.Equal(
            "W3RsvTaZDcFfaep+zltuit2KPdFUxcNd8kr3U334NWef+1oahE6UD7Kv6n2AV51cf2O8n5MFjN2Avlv9L4p4kg==",
            PaymentPageSignature.Sign(payload, "secret"));
    }
}
