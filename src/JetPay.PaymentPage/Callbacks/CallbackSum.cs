namespace JetPay.PaymentPage;

/// <summary>An amount as the callback states it.</summary>
/// <param name="Amount">The amount in minor units of <paramref name="Currency"/> (100.00 KZT is 10000).</param>
/// <param name="Currency">The ISO 4217 alpha-3 code, e.g. <c>KZT</c>.</param>
public sealed record CallbackSum(long Amount, string Currency);
