namespace JetPay.PaymentPage.Tests.Requests;

public class QrPurchaseRequestTests
{
    internal static QrPurchaseRequest Valid() => new()
    {
        ProjectId = 123,
        PaymentId = "payment_47",
        Currency = "KZT",
        Amount = 10000,
        CustomerId = "customer_1",
        CustomerFirstName = "John",
        CustomerLastName = "Doe",
        CustomerEmail = "johndoe@example.com",
    };

    private static IEnumerable<string> FieldsOf(QrPurchaseRequest request) => request.Validate().Select(error => error.Field);

    [Fact]
    public void A_complete_request_has_no_problems() => Assert.Empty(Valid().Validate());

    [Fact]
    public void The_parameters_sign_to_the_documented_qr_request_signature()
    {
        var parameters = Valid().ToParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));

        Assert.Equal(
            "p9asyal2HzQ5H+XmoY6LJjS2yTFpaTlNccJjryPyZ2Bl61JcHuoHjewaYl/IHEZuixTYy4xVqI0Lh1QTmQO5ig==",
            PaymentPageSignature.Sign(parameters, "secret"));
    }

    [Fact]
    public void Parameters_use_protocol_names_raw_values_and_no_signature()
    {
        var request = Valid() with
        {
            PaymentDescription = "Чай & кофе",
            LanguageCode = "kk",
            BestBefore = new DateTimeOffset(2025, 5, 25, 21, 30, 25, TimeSpan.FromHours(6)),
            AdditionalParameters = new Dictionary<string, string> { ["customer_phone"] = "+7 701 000 00 00" },
        };

        Assert.Equal(
            [
                new("project_id", "123"), new("payment_id", "payment_47"), new("payment_currency", "KZT"), new("payment_amount", "10000"),
                new("customer_id", "customer_1"), new("customer_first_name", "John"), new("customer_last_name", "Doe"),
                new("customer_email", "johndoe@example.com"), new("payment_description", "Чай & кофе"), new("language_code", "kk"),
                new("best_before", "2025-05-25T15:30:25+0000"), new("customer_phone", "+7 701 000 00 00"),
            ],
            request.ToParameters());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_protocol_field()
    {
        var request = Valid() with { ProjectId = 0, Amount = -1, Currency = "kzt", CustomerEmail = "nope", CustomerFirstName = " " };

        Assert.Equal(
            ["project_id", "payment_currency", "payment_amount", "customer_first_name", "customer_email"],
            FieldsOf(request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void The_amount_must_be_positive(long amount) => Assert.Equal(["payment_amount"], FieldsOf(Valid() with { Amount = amount }));

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd")]
    [InlineData("")]
    public void The_currency_must_be_in_the_table(string currency) =>
        Assert.Equal(["payment_currency"], FieldsOf(Valid() with { Currency = currency }));

    [Theory]
    [InlineData("John Doe <johndoe@example.com>")]
    [InlineData(" johndoe@example.com")]
    [InlineData("johndoe")]
    [InlineData("johndoe@")]
    [InlineData("")]
    public void The_email_must_be_a_bare_address(string email) =>
        Assert.Equal(["customer_email"], FieldsOf(Valid() with { CustomerEmail = email }));

    [Fact]
    public void The_email_may_have_at_most_255_characters() =>
        Assert.Equal(["customer_email"], FieldsOf(Valid() with { CustomerEmail = new string('a', 244) + "@example.com" }));

    [Fact]
    public void No_value_may_contain_a_semicolon()
    {
        var request = Valid() with
        {
            CustomerLastName = "Doe;Smith",
            PaymentDescription = "a;b",
            AdditionalParameters = new Dictionary<string, string> { ["customer_phone"] = "1;2" },
        };

        Assert.Equal(["customer_last_name", "payment_description", "customer_phone"], FieldsOf(request));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("tab\t")]
    [InlineData("Әлия")]
    [InlineData("")]
    public void The_payment_id_holds_only_printable_ascii(string paymentId) =>
        Assert.Equal(["payment_id"], FieldsOf(Valid() with { PaymentId = paymentId }));

    [Fact]
    public void The_payment_id_may_have_at_most_255_characters()
    {
        Assert.Empty(FieldsOf(Valid() with { PaymentId = new string('p', 255) }));
        Assert.Equal(["payment_id"], FieldsOf(Valid() with { PaymentId = new string('p', 256) }));
    }

    [Fact]
    public void Names_may_be_cyrillic_or_kazakh_but_not_blank_or_longer_than_255()
    {
        Assert.Empty(FieldsOf(Valid() with { CustomerFirstName = "Әлия", CustomerLastName = "Қасымов" }));
        Assert.Equal(["customer_last_name"], FieldsOf(Valid() with { CustomerLastName = new string('Қ', 256) }));
    }

    [Fact]
    public void The_description_may_have_at_most_1024_characters() =>
        Assert.Equal(["payment_description"], FieldsOf(Valid() with { PaymentDescription = new string('d', 1025) }));

    [Theory]
    [InlineData("eng")]
    [InlineData("e")]
    [InlineData("e1")]
    public void The_language_code_is_two_letters(string code) =>
        Assert.Equal(["language_code"], FieldsOf(Valid() with { LanguageCode = code }));

    [Fact]
    public void Additional_parameters_may_not_override_typed_ones_or_the_signature()
    {
        var request = Valid() with
        {
            AdditionalParameters = new Dictionary<string, string> { ["payment_amount"] = "1", ["signature"] = "x", ["bad name"] = "y" },
        };

        Assert.Equal(["payment_amount", "signature", "bad name"], FieldsOf(request));
    }

    [Fact]
    public void Messages_never_repeat_the_value()
    {
        var errors = (Valid() with { CustomerEmail = "private;person@example.com" }).Validate();

        Assert.NotEmpty(errors); // else the check below passes over nothing
        Assert.All(errors, error => Assert.DoesNotContain("private", error.Message, StringComparison.Ordinal));
    }
}
