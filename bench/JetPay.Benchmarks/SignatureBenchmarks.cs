using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Benchmarks;

/// <summary>Signing and verifying the documented successful purchase callback, against a straightforward baseline.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SignatureBenchmarks
{
    private const string Key = "benchmark-secret-key";

    private readonly SecretKeys _keys = new(Key);
    private byte[] _unsigned = [];
    private byte[] _signed = [];

    [GlobalSetup]
    public void Setup()
    {
        var payload = JsonNode.Parse(DocumentedCallback.Json)!.AsObject();
        _unsigned = Encoding.UTF8.GetBytes(payload.ToJsonString());
        PaymentPageSignature.AddSignature(payload, Key);
        _signed = Encoding.UTF8.GetBytes(payload.ToJsonString());

        // The baseline must compute the same signature, or the comparison means nothing.
        if (!StraightforwardSignature.Verify(_signed, Key) || !PaymentPageSignature.Verify(_signed, Key)
            || StraightforwardSignature.Sign(DocumentedCallback.Json, Key) != PaymentPageSignature.Sign(_unsigned, Key))
        {
            throw new InvalidOperationException("The implementations disagree.");
        }

        // To compare with the ECommPay JS SDK's run (bench/ecommpay-js), which signs the same callback with the same key.
        Console.WriteLine($"// signature of the documented callback: {payload["signature"]!.GetValue<string>()[..16]}...");
    }

    [Benchmark(Baseline = true, Description = "Straightforward verify")]
    [BenchmarkCategory("Verify")]
    public bool StraightforwardVerify() => StraightforwardSignature.Verify(_signed, Key);

    [Benchmark(Description = "PaymentPageSignature.Verify")]
    [BenchmarkCategory("Verify")]
    public bool Verify() => PaymentPageSignature.Verify(_signed, Key);

    [Benchmark(Description = "CallbackSignature.TryVerifyAndParse")]
    [BenchmarkCategory("Verify")]
    public PaymentCallback? VerifyAndParse() => CallbackSignature.TryVerifyAndParse(_signed, _keys, out var callback, out _) ? callback : null;

    [Benchmark(Baseline = true, Description = "Straightforward sign")]
    [BenchmarkCategory("Sign")]
    public string StraightforwardSign() => StraightforwardSignature.Sign(DocumentedCallback.Json, Key);

    [Benchmark(Description = "PaymentPageSignature.Sign")]
    [BenchmarkCategory("Sign")]
    public string Sign() => PaymentPageSignature.Sign(_unsigned, Key);
}
