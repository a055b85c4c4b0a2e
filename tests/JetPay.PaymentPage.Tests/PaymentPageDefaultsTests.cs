namespace JetPay.PaymentPage.Tests;

public class PaymentPageDefaultsTests
{
    [Fact]
    public void Production_base_uri_is_jetpay_payment_page_over_https()
    {
        Assert.Equal("https", PaymentPageDefaults.BaseUri.Scheme);
        Assert.Equal("paymentpage.jetpay.kz", PaymentPageDefaults.BaseUri.Host);
    }
}
