namespace JetPay.PaymentPage;

/// <summary>An amount in minor units of <see cref="Currency"/> (ISO 4217 alpha-3), as the callback states it.</summary>
public sealed record CallbackSum(long Amount, string Currency);
