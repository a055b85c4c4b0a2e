using System.Text;
using System.Text.Json;

namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>
/// Cases computed by PHP itself (Reference/generate.php): random strings for the natural order, random payloads for
/// the whole signature, so that rules nobody thought to test are still checked against the reference.
/// </summary>
public class PhpReferenceTests
{
    private static readonly JsonElement Reference = Json.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signing", "Reference", "php-reference.json")));

    [Fact]
    public void Natural_order_agrees_with_php_strnatcmp_on_every_generated_pair()
    {
        var pairs = Reference.GetProperty("natural").EnumerateArray().ToList();
        Assert.True(pairs.Count >= 400);

        var disagreements = pairs
            .Select(pair => (A: pair[0].GetString()!, B: pair[1].GetString()!, Php: pair[2].GetInt32()))
            .Where(pair => Math.Sign(NaturalOrder.Compare(Encoding.UTF8.GetBytes(pair.A), Encoding.UTF8.GetBytes(pair.B))) != pair.Php)
            .Select(pair => $"[{pair.A}] vs [{pair.B}]: PHP says {pair.Php}")
            .ToList();

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(10)));
    }

    [Fact]
    public void Signing_string_and_signature_agree_with_php_on_every_generated_payload()
    {
        var cases = Reference.GetProperty("payloads").EnumerateArray().ToList();
        Assert.True(cases.Count >= 150);

        var disagreements = new List<string>();
        foreach (var @case in cases)
        {
            var payload = Json.Parse(@case.GetProperty("json").GetString()!);
            var expectedString = @case.GetProperty("signing_string").GetString();
            var actualString = PaymentPageSignature.BuildSigningString(payload);
            if (actualString != expectedString || PaymentPageSignature.Sign(payload, "secret") != @case.GetProperty("signature").GetString())
            {
                disagreements.Add($"{@case.GetProperty("json").GetString()}\n  PHP:  {expectedString}\n  ours: {actualString}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagree:\n" + string.Join('\n', disagreements.Take(5)));
    }
}
