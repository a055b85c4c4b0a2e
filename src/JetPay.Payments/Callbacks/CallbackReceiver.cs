using JetPay.PaymentPage;
using JetPay.Payments.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JetPay.Payments.Callbacks;

/// <summary>
/// Takes a callback body as JetPay posted it: verifies the signature over every field (with the current secret, or the
/// previous one during a rotation), checks the project, then hands it to <see cref="CallbackIngestion"/>.
/// Storage failures propagate, so that the caller answers 5xx and JetPay delivers again.
/// </summary>
public sealed partial class CallbackReceiver(
    ISecretKeyProvider secretKeys,
    CallbackIngestion ingestion,
    IOptions<JetPayOptions> jetPay,
    ILogger<CallbackReceiver> logger)
{
    /// <summary>The largest callback body accepted (JetPay's are a few KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<CallbackReceipt> ReceiveAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var keys = await secretKeys.GetSecretKeysAsync(cancellationToken).ConfigureAwait(false);
        if (!CallbackSignature.TryVerifyAndParse(body.Span, keys, out var callback, out var rejection))
        {
            LogRejected(logger, rejection);
            return new CallbackReceipt.Rejected(rejection);
        }

        if (callback.ProjectId is { } projectId && projectId != jetPay.Value.ProjectId)
        {
            LogForeignProject(logger, projectId);
            return new CallbackReceipt.ForeignProject(projectId);
        }

        var outcome = await ingestion.IngestAsync(callback, body, cancellationToken).ConfigureAwait(false);
        return new CallbackReceipt.Accepted(callback.Payment.Id, outcome);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, CallbackRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback for another JetPay project ({ProjectId}) rejected")]
    private static partial void LogForeignProject(ILogger logger, long projectId);
}
