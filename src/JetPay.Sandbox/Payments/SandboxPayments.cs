using System.Collections.Concurrent;

namespace JetPay.Sandbox.Payments;

/// <summary>The payments the sandbox knows, in memory: a restart forgets them, as a fresh sandbox should.</summary>
internal sealed class SandboxPayments
{
    private readonly ConcurrentDictionary<string, SandboxPayment> _payments = new(StringComparer.Ordinal);

    /// <summary>Adds the payment, or returns the one already issued under its id.</summary>
    public SandboxPayment GetOrAdd(SandboxPayment payment) => _payments.GetOrAdd(payment.PaymentId, payment);

    public SandboxPayment? Find(string paymentId) => _payments.GetValueOrDefault(paymentId);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<SandboxPayment> List() => _payments.Values.OrderByDescending(p => p.CreatedAt).ToList();
}
