namespace JetPay.PaymentPage.Tests.Keys;

public class SecretKeysTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void The_current_key_must_not_be_empty(string? key) =>
        Assert.ThrowsAny<ArgumentException>(() => new SecretKeys(key!));

    [Fact]
    public void An_empty_previous_key_counts_as_none() => Assert.Null(new SecretKeys("k", "").Previous);

    [Fact]
    public void ToString_never_reveals_the_keys()
    {
        var text = new SecretKeys("current-key-value", "previous-key-value").ToString();

        Assert.DoesNotContain("current-key-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("previous-key-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_cannot_be_emptied_with_a_with_expression() =>
        Assert.Throws<ArgumentException>(() => new SecretKeys("k") with { Current = "" });

    [Fact]
    public async Task The_static_provider_returns_the_keys_it_was_given()
    {
        var provider = new StaticSecretKeyProvider("current", "previous");

        Assert.Equal(new SecretKeys("current", "previous"), await provider.GetSecretKeysAsync(CancellationToken.None));
    }
}
