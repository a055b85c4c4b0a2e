using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JetPay.PaymentPage;
using JetPay.Sandbox.Payments;

namespace JetPay.Sandbox.GenerateQr;

/// <summary>
/// What the platform checks on <c>GET /payment/generate-qr</c>, in this order: every strictly required parameter is
/// there, the project is known, the signature over all other parameters matches the project's secret, no value holds
/// <c>;</c>, the amount is a positive integer and the currency a known ISO 4217 code.
/// </summary>
internal static class QrRequestCheck
{
    private static readonly string[] StrictlyRequired =
    [
        PaymentPageParameters.ProjectId, PaymentPageParameters.PaymentId, PaymentPageParameters.PaymentCurrency,
        PaymentPageParameters.PaymentAmount, PaymentPageParameters.CustomerId, PaymentPageParameters.CustomerFirstName,
        PaymentPageParameters.CustomerLastName, PaymentPageParameters.CustomerEmail, PaymentPageParameters.Signature,
    ];

    /// <summary>
    /// The order the request describes, or the error the platform would answer with. The query parameters are taken
    /// in order; a name given twice keeps its last value, as PHP reads it.
    /// </summary>
    public static (SandboxPayment? Payment, PlatformError? Error) Check(IEnumerable<KeyValuePair<string, string>> query, SandboxOptions options, DateTimeOffset now)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            parameters[name] = value;
        }

        var missing = StrictlyRequired.Where(name => string.IsNullOrEmpty(parameters.GetValueOrDefault(name))).ToList();
        if (missing.Count > 0)
        {
            return Fail(PlatformError.MissingParameter, $"Strictly required parameters are missing: {string.Join(", ", missing)}.");
        }

        if (!long.TryParse(parameters[PaymentPageParameters.ProjectId], NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
        {
            return Fail(PlatformError.InvalidParameter, "project_id must be an integer.");
        }

        if (projectId != options.ProjectId)
        {
            return Fail(PlatformError.UnknownProject, $"Project {projectId} is not known.");
        }

        if (!SignatureMatches(parameters, options.SecretKey))
        {
            return Fail(PlatformError.InvalidSignature, "The signature does not match the parameters and the project's secret.");
        }

        var withSeparator = parameters.Where(p => p.Key != PaymentPageParameters.Signature && p.Value.Contains(';', StringComparison.Ordinal)).Select(p => p.Key).ToList();
        if (withSeparator.Count > 0)
        {
            return Fail(PlatformError.InvalidParameter, $"Values may not contain ';': {string.Join(", ", withSeparator)}.");
        }

        if (!long.TryParse(parameters[PaymentPageParameters.PaymentAmount], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return Fail(PlatformError.InvalidAmount, "payment_amount must be a positive integer in minor units.");
        }

        if (!Currency.TryGet(parameters[PaymentPageParameters.PaymentCurrency], out var currency))
        {
            return Fail(PlatformError.UnknownCurrency, "payment_currency must be an ISO 4217 alpha-3 code, such as KZT.");
        }

        DateTimeOffset? bestBefore = null;
        if (parameters.GetValueOrDefault(PaymentPageParameters.BestBefore) is { Length: > 0 } bestBeforeText)
        {
            // The platform's offset has no colon (+0000); .NET's "zzz" wants one.
            var withColon = bestBeforeText.Length > 5 && bestBeforeText[^5] is '+' or '-' ? bestBeforeText.Insert(bestBeforeText.Length - 2, ":") : bestBeforeText;
            if (!DateTimeOffset.TryParseExact(withColon, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Fail(PlatformError.InvalidParameter, "best_before must be ISO 8601, such as 2026-12-06T12:30:00+0000.");
            }

            bestBefore = parsed;
        }

        var payment = new SandboxPayment
        {
            ProjectId = projectId,
            PaymentId = parameters[PaymentPageParameters.PaymentId],
            Currency = currency,
            Amount = amount,
            CustomerId = parameters[PaymentPageParameters.CustomerId],
            CustomerFirstName = parameters[PaymentPageParameters.CustomerFirstName],
            CustomerLastName = parameters[PaymentPageParameters.CustomerLastName],
            CustomerEmail = parameters[PaymentPageParameters.CustomerEmail],
            Description = parameters.GetValueOrDefault(PaymentPageParameters.PaymentDescription),
            CreatedAt = now,
            BestBefore = bestBefore,
        };
        return (payment, null);
    }

    private static bool SignatureMatches(Dictionary<string, string> parameters, string secretKey)
    {
        var signed = parameters
            .Where(p => p.Key != PaymentPageParameters.Signature)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
        var expected = PaymentPageSignature.Sign(signed, secretKey);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parameters[PaymentPageParameters.Signature]));
    }

    private static (SandboxPayment?, PlatformError?) Fail(string code, string message) => (null, new PlatformError(code, message));
}
