namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>Each rule of the signing string, shown by itself.</summary>
public class SigningStringRulesTests
{
    private static string SigningStringOf(string json) => PaymentPageSignature.BuildSigningString(Json.Parse(json));

    [Fact]
    public void Each_leaf_is_its_path_a_colon_and_its_value() =>
        Assert.Equal("customer:id:42", SigningStringOf("""{"customer":{"id":"42"}}"""));

    [Fact]
    public void Entries_are_joined_with_semicolons() =>
        Assert.Equal("a:1;b:2", SigningStringOf("""{"b":"2","a":"1"}"""));

    [Fact]
    public void Frame_mode_is_left_out_at_every_level() =>
        Assert.Equal("a:frame:1", SigningStringOf("""{"frame_mode":"popup","a":{"frame_mode":"iframe","frame":1}}"""));

    [Fact]
    public void True_is_1_false_is_0_and_null_is_empty() =>
        Assert.Equal("f:0;n:;t:1", SigningStringOf("""{"t":true,"f":false,"n":null}"""));

    [Fact]
    public void Strings_are_signed_exactly_as_they_are() =>
        Assert.Equal("d:2022-03-25T11:08:45+0000;s: a+b&c=d%20 ", SigningStringOf("""{"s":" a+b&c=d%20 ","d":"2022-03-25T11:08:45+0000"}"""));

    [Fact]
    public void Escaped_json_strings_are_signed_unescaped() =>
        Assert.Equal("name:Алия;url:https://x/y", SigningStringOf("""{"url":"https:\/\/x\/y","name":"\u0410\u043b\u0438\u044f"}"""));

    [Fact]
    public void Integers_keep_their_digits_beyond_the_precision_of_a_double() =>
        Assert.Equal("big:9007199254740993;huge:123456789012345678901234567890",
            SigningStringOf("""{"big":9007199254740993,"huge":123456789012345678901234567890}"""));

    [Fact]
    public void Numbers_with_a_fraction_are_written_as_php_writes_floats() =>
        Assert.Equal("a:1.5;b:1.0E+20;c:1.0E-5;d:10", SigningStringOf("""{"a":1.50,"b":1e20,"c":0.00001,"d":10.0}"""));

    [Fact]
    public void Empty_arrays_and_objects_add_no_entry() =>
        Assert.Equal("id:1", SigningStringOf("""{"list":[],"map":{},"id":1}"""));

    [Fact]
    public void Array_elements_are_keyed_by_their_zero_based_index() =>
        Assert.Equal("tags:0:x;tags:1:y", SigningStringOf("""{"tags":["x","y"]}"""));

    [Fact]
    public void A_colon_inside_a_key_is_written_twice() =>
        Assert.Equal("a::b:c::d:v", SigningStringOf("""{"a:b":{"c:d":"v"}}"""));

    [Fact]
    public void Array_indexes_from_ten_on_sort_after_nine() =>
        Assert.Equal(
            "l:0:a;l:1:b;l:2:c;l:3:d;l:4:e;l:5:f;l:6:g;l:7:h;l:8:i;l:9:j;l:10:k;l:11:l",
            SigningStringOf("""{"l":["a","b","c","d","e","f","g","h","i","j","k","l"]}"""));

    [Fact]
    public void Paths_sort_by_byte_and_case_sensitively_not_by_culture()
    {
        // Culture-aware sorting puts "acs" before "AuthCode" and "payment_id" before "payment:id".
        Assert.Equal("AuthCode:1;acs:2", SigningStringOf("""{"acs":"2","AuthCode":"1"}"""));
        Assert.Equal("payment:id:1;payment_id:2", SigningStringOf("""{"payment_id":"2","payment":{"id":"1"}}"""));
    }

    [Fact]
    public void Paths_that_compare_equal_in_natural_order_keep_their_document_order()
    {
        // strnatcmp skips white space, so "a b" and "ab" tie; PHP's stable sort keeps them as they came.
        Assert.Equal("a b:1;ab:2", SigningStringOf("""{"a b":"1","ab":"2"}"""));
        Assert.Equal("ab:2;a b:1", SigningStringOf("""{"ab":"2","a b":"1"}"""));
    }

    [Fact]
    public void A_repeated_key_signs_once_with_its_last_value() =>
        Assert.Equal("a:2;b:3", SigningStringOf("""{"a":"1","b":"3","a":"2"}"""));

    [Fact]
    public void The_children_of_a_root_key_named_0_or_empty_have_no_prefix_as_in_php()
    {
        Assert.Equal("a:1", SigningStringOf("""{"0":{"a":1}}"""));
        Assert.Equal("a:1;b:x:2;c:3", SigningStringOf("""{"0":{"a":1,"b":{"x":2},"c":3}}"""));
        Assert.Equal("a:1;b:x:2;c:3", SigningStringOf("""{"":{"a":1,"b":{"x":2},"c":3}}"""));
        Assert.Equal("1:x:3;a:1;b:2", SigningStringOf("""[{"a":1,"b":2},{"x":3}]"""));
    }

    [Fact]
    public void A_signature_key_is_signed_like_any_other_value_when_signing() =>
        Assert.Equal("a:1;signature:x", SigningStringOf("""{"a":1,"signature":"x"}"""));

    [Fact]
    public void Parameters_sign_null_as_empty_double_colons_in_names_and_skip_frame_mode()
    {
        var parameters = new[]
        {
            KeyValuePair.Create("b:c", (string?)"2"),
            KeyValuePair.Create("a", (string?)null),
            KeyValuePair.Create("frame_mode", (string?)"popup"),
        };

        Assert.Equal("a:;b::c:2", PaymentPageSignature.BuildSigningString(parameters));
    }

    [Fact]
    public void A_scalar_payload_cannot_be_signed() =>
        Assert.Throws<ArgumentException>(() => PaymentPageSignature.BuildSigningString(Json.Parse("42")));

    [Fact]
    public void An_empty_key_cannot_sign() =>
        Assert.Throws<ArgumentException>(() => PaymentPageSignature.Sign(Json.Parse("{}"), ""));
}
