// Uses the JetPay.PaymentPage package as a merchant's own project would: the README's snippets, run against JetPay's
// documented examples (the QR purchase request and the successful purchase callback) and a loopback stand-in of the
// Payment Page. Prints what it did; exits 1 if anything does not hold.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JetPay.PaymentPage;
using Microsoft.Extensions.DependencyInjection;

var failures = 0;
void Check(bool condition, string what)
{
    Console.WriteLine((condition ? "ok   " : "FAIL ") + what);
    failures += condition ? 0 : 1;
}

// snippet: sign
var parameters = new Dictionary<string, string?>
{
    ["project_id"] = "123",
    ["payment_id"] = "payment_47",
    ["payment_amount"] = "10000",
    ["payment_currency"] = "KZT",
    ["customer_id"] = "customer_123",
    ["language_code"] = "en",
};
string signature = PaymentPageSignature.Sign(parameters, "your-project-secret");
// end snippet
Console.WriteLine($"signature of the documented generate-qr request: {signature}");
Check(Convert.FromBase64String(signature).Length == 64, "the signature is an HMAC-SHA512 in base64");
Check(signature == PaymentPageSignature.Sign(parameters.Reverse(), "your-project-secret"), "the order of the parameters does not matter");

// A loopback stand-in of the Payment Page's generate-qr, answering with a 1x1 PNG.
using var listener = new HttpListener();
var port = Random.Shared.Next(20000, 60000);
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
string? requested = null;
var answering = Task.Run(async () =>
{
    var context = await listener.GetContextAsync();
    requested = context.Request.Url!.Query;
    var body = Encoding.UTF8.GetBytes("""{"img_src":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}""");
    context.Response.ContentType = "application/json";
    await context.Response.OutputStream.WriteAsync(body);
    context.Response.Close();
});
var jetPayAddress = new Uri($"http://127.0.0.1:{port}/");

// snippet: client
var services = new ServiceCollection();
services.AddSingleton<ISecretKeyProvider>(new StaticSecretKeyProvider("your-project-secret"));
services.AddPaymentPageClient(options => options.BaseUrl = jetPayAddress);
using var provider = services.BuildServiceProvider();

var client = provider.GetRequiredService<PaymentPageClient>();
QrCodeImage qr = await client.GenerateQrAsync(new QrPurchaseRequest
{
    ProjectId = 123,
    PaymentId = "payment_47",
    Amount = 10000, // minor units: 100.00 KZT
    Currency = "KZT",
    CustomerId = "customer_123",
    CustomerFirstName = "John",
    CustomerLastName = "Doe",
    CustomerEmail = "johndoe@example.com",
});
// end snippet
await answering;
Console.WriteLine($"generate-qr was called with {requested?.Split('&').Length} parameters and answered a {qr.Png.Length}-byte {qr.MediaType}");
Check(requested?.Contains("payment_id=payment_47", StringComparison.Ordinal) == true && requested.Contains("&signature=", StringComparison.Ordinal), "the client sent the signed request");

// The documented successful purchase callback, signed as the platform signs it, under the key being retired.
var documented = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "documented-callback.json")))!.AsObject();
documented.Remove("signature");
PaymentPageSignature.AddSignature(documented, "old-secret");
byte[] body = Encoding.UTF8.GetBytes(documented.ToJsonString());

// snippet: callback
var keys = new SecretKeys(current: "new-secret", previous: "old-secret"); // during a key rotation
if (CallbackSignature.TryVerifyAndParse(body, keys, out PaymentCallback? callback, out CallbackRejection rejection))
{
    Console.WriteLine($"{callback.Payment.Id}: {callback.Payment.Status} {callback.Payment.Sum?.Amount} {callback.Payment.Sum?.Currency}");
    Console.WriteLine($"provider's payment id: {callback.GetSignedValue("operation:provider:payment_id")}");
}
else
{
    Console.WriteLine($"refused: {CallbackRejections.Describe(rejection)}"); // answer 403 or 400, store nothing
}
// end snippet
Check(callback is { Payment.Id: "payment_47", Payment.Sum.Amount: 10000 } && callback.Payment.Status == PaymentStatus.Success, "the documented callback verifies under the previous key and reads as documented");

documented["payment"]!["status"] = "decline";
Check(!CallbackSignature.TryVerifyAndParse(Encoding.UTF8.GetBytes(documented.ToJsonString()), keys, out _, out var tampered) && tampered == CallbackRejection.InvalidSignature, "a tampered callback is refused");

Console.WriteLine(failures == 0 ? "consumer: all checks passed" : $"consumer: {failures} checks failed");
return failures == 0 ? 0 : 1;
