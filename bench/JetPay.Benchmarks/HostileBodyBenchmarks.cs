using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Benchmarks;

/// <summary>
/// What verifying a callback costs before the signature is known to be good: the documented callback, and bodies under
/// the 64 KB limit built to make flattening and sorting expensive, each with a wrong signature as an attacker sends it.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HostileBodyBenchmarks
{
    private const string Key = "benchmark-secret-key";

    private byte[] _body = [];

    [Params("documented callback", "4,000 tied keys", "long white space", "long parent key", "deep nesting")]
    public string Body { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(Body switch
        {
            "documented callback" => Signed(DocumentedCallback.Json),
            "4,000 tied keys" => TiedKeys(),
            "long white space" => LongWhiteSpace(),
            "long parent key" => LongParentKey(),
            "deep nesting" => DeepNesting(),
            _ => throw new InvalidOperationException(Body),
        });

        using var parsed = JsonDocument.Parse(_body); // a body that is not JSON would be turned away at once
        if (_body.Length > 64 * 1024 || PaymentPageSignature.Verify(_body, Key) != (Body == "documented callback"))
        {
            throw new InvalidOperationException($"{Body}: not the body meant.");
        }
    }

    [Benchmark]
    public bool Verify() => PaymentPageSignature.Verify(_body, Key);

    private static string Signed(string json)
    {
        var payload = JsonNode.Parse(json)!.AsObject();
        PaymentPageSignature.AddSignature(payload, Key);
        return payload.ToJsonString();
    }

    /// <summary>
    /// <c>a</c> after a few bytes of white space, which natural order skips: 4,000 keys that all tie, many repeated.
    /// </summary>
    private static string TiedKeys()
    {
        var random = new Random(1);
        var body = new StringBuilder("{");
        for (var i = 0; i < 4000; i++)
        {
            var key = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => " \t\n\r\f\v"[random.Next(6)])) + "a";
            body.Append(JsonSerializer.Serialize(key)).Append(':').Append(i % 10).Append(',');
        }

        return body.Append("\"signature\":\"x\"}").ToString();
    }

    /// <summary>Short keys and one with a long run of white space, placed where a median-of-three pivot is taken.</summary>
    private static string LongWhiteSpace()
    {
        var keys = Enumerable.Range(0, 4000).Select(i => "a" + (char)('b' + (i % 20))).ToList();
        keys.Insert(keys.Count / 2, "a" + new string(' ', 30_000) + "m");
        return "{" + string.Concat(keys.Select(key => $"\"{key}\":0,")) + "\"signature\":\"x\"}";
    }

    /// <summary>Objects 60 deep (the reader allows 64) under 1,000-byte keys, with leaves at the bottom: each leaf's path is 60 KB.</summary>
    private static string DeepNesting()
    {
        var key = "\"" + new string('k', 1000) + "\":";
        return string.Concat(Enumerable.Repeat("{" + key, 60)) + "{" + string.Join(',', Enumerable.Range(0, 200).Select(i => $"\"{i}\":0")) + "}"
            + new string('}', 59) + ",\"signature\":\"x\"}";
    }

    /// <summary>A long key holding thousands of leaves: each leaf's path repeats it.</summary>
    private static string LongParentKey() =>
        "{\"" + new string('k', 30_000) + "\":{" + string.Join(',', Enumerable.Range(0, 3500).Select(i => $"\"{(char)('a' + (i % 26))}{i}\":0"))
        + "},\"signature\":\"x\"}";
}
