using JetPay.Payments.Notifications;

namespace JetPay.Payments.Tests.Notifications;

public class EmailMaskingTests
{
    [Theory]
    [InlineData("johndoe@example.com", "j***@example.com")]
    [InlineData("j@example.com", "j***@example.com")]
    [InlineData("\"odd@local\"@example.com", "\"***@example.com")]
    [InlineData("not an address", "***")]
    [InlineData("@example.com", "***")]
    [InlineData("john@", "***")]
    [InlineData("", "***")]
    [InlineData(null, "***")]
    public void An_address_keeps_only_its_first_character_and_its_domain(string? address, string masked)
    {
        Assert.Equal(masked, EmailMasking.Mask(address));
    }

    [Fact]
    public void Every_address_in_a_servers_reply_is_masked()
    {
        var reply = "5.1.1 <johndoe@example.com>: Recipient address rejected; also tried jane.roe@shop.example";

        Assert.Equal("5.1.1 <j***@example.com>: Recipient address rejected; also tried j***@shop.example", EmailMasking.MaskAll(reply));
    }
}
