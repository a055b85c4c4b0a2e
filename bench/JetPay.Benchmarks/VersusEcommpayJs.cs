using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JetPay.PaymentPage;
using JetPay.Testing;

namespace JetPay.Benchmarks;

/// <summary>
/// <c>CallbackSignature.TryVerifyAndParse</c> against the official ECommPay JS SDK's parse-and-verify
/// (<c>bench/ecommpay-js/callback-bench.mjs</c>), taken in turns so that both sides see the same machine: each turn runs
/// the JS script, then the same loop here (same callback, same key, rounds of 20,000 after a warm-up of 100,000, the
/// median of 15 rounds), and prints the ratio of the two medians.
/// </summary>
internal static partial class VersusEcommpayJs
{
    private const string Key = "benchmark-secret-key";
    private const int PerRound = 20_000;

    public static int Run(int turns)
    {
        var script = RepositoryRoot.Combine("bench", "ecommpay-js", "callback-bench.mjs");
        if (!Directory.Exists(RepositoryRoot.Combine("bench", "ecommpay-js", "node_modules", "ecommpay")))
        {
            Console.Error.WriteLine("The JS SDK is not installed: run `npm ci --prefix bench/ecommpay-js` first.");
            return 2;
        }

        // The body the JS script builds: the documented callback without its signature, signed, serialized.
        var callback = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("samples", "JetPay.PaymentPage.Consumer", "documented-callback.json")))!.AsObject();
        callback.Remove("signature");
        PaymentPageSignature.AddSignature(callback, Key);
        var body = Encoding.UTF8.GetBytes(callback.ToJsonString());
        var keys = new SecretKeys(Key);
        Console.WriteLine($"signature {callback["signature"]!.GetValue<string>()[..16]}..., {body.Length} bytes");

        var ratios = new List<double>();
        for (var turn = 1; turn <= turns; turn++)
        {
            var js = MedianOfJs(script);
            var dotnet = MedianMicroseconds(() => ParseAndVerify(body, keys));
            ratios.Add(dotnet / js);
            Console.WriteLine(FormattableString.Invariant($"turn {turn}: JS SDK {js:F2} us, TryVerifyAndParse {dotnet:F2} us, ratio {dotnet / js:F2}"));
        }

        ratios.Sort();
        Console.WriteLine(FormattableString.Invariant($"ratio over {turns} turns: median {ratios[turns / 2]:F2}, range {ratios[0]:F2}-{ratios[^1]:F2}"));
        return 0;
    }

    /// <summary>What the JS script times: accept the callback, then ask whether it is a success and for its payment id.</summary>
    private static bool ParseAndVerify(byte[] body, SecretKeys keys) =>
        CallbackSignature.TryVerifyAndParse(body, keys, out var callback, out _)
        && callback.Payment.Status == PaymentStatus.Success
        && callback.Payment.Id == "payment_47";

    private static double MedianMicroseconds(Func<bool> parseAndVerify)
    {
        if (!parseAndVerify())
        {
            throw new InvalidOperationException("The callback was not accepted.");
        }

        for (var i = 0; i < PerRound * 5; i++)
        {
            parseAndVerify();
        }

        var rounds = new double[15];
        for (var round = 0; round < rounds.Length; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < PerRound; i++)
            {
                parseAndVerify();
            }

            rounds[round] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / PerRound;
        }

        Array.Sort(rounds);
        return rounds[rounds.Length / 2];
    }

    private static double MedianOfJs(string script)
    {
        using var node = Process.Start(new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("node did not start.");
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        var median = JsMedian().Match(output);
        return node.ExitCode == 0 && median.Success
            ? double.Parse(median.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("The JS benchmark failed: " + output);
    }

    [GeneratedRegex(@"median ([0-9.]+) us")]
    private static partial Regex JsMedian();
}
