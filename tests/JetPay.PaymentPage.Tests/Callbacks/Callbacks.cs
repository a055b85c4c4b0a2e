using System.Text.Json.Nodes;
using JetPay.Testing;

namespace JetPay.PaymentPage.Tests.Callbacks;

/// <summary>Callback bodies for tests, signed as the platform signs them.</summary>
internal static class Callbacks
{
    public const string Key = "callback-secret";

    /// <summary>The successful purchase callback of JetPay's QR payment page, without its signature.</summary>
    public const string DocumentedSuccess = DocumentedCallback.Json;

    public static byte[] Signed(string json, string key = Key) => SignedCallbacks.Sign(JsonNode.Parse(json)!.AsObject(), key);
}
