using System.Text;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace JetPay.PaymentPage;

/// <summary>
/// The client of JetPay's Payment Page: asks the platform for the QR code of a purchase.
/// Register it with <see cref="PaymentPageServiceCollectionExtensions.AddPaymentPageClient"/>; its members are virtual
/// so that code using it can be tested with a mock.
/// </summary>
public class PaymentPageClient
{
    private const string GenerateQrPath = "payment/generate-qr";

    private readonly HttpClient _httpClient = null!;
    private readonly PaymentPageClientOptions _options = null!;
    private readonly ISecretKeyProvider _secretKeys = null!;

    /// <summary>For mocking only.</summary>
    protected PaymentPageClient()
    {
    }

    /// <param name="httpClient">The HTTP client; with <c>AddPaymentPageClient</c> it carries the retry and timeout handler.</param>
    /// <param name="options">Address, limits and timeouts.</param>
    /// <param name="secretKeys">The project's keys; requests are signed with the current one.</param>
    public PaymentPageClient(HttpClient httpClient, IOptions<PaymentPageClientOptions> options, ISecretKeyProvider secretKeys)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secretKeys);
        _httpClient = httpClient;
        _options = options.Value;
        _secretKeys = secretKeys;
    }

    /// <summary>
    /// Validates and signs the request, sends <c>GET {BaseUrl}/payment/generate-qr?…&amp;signature=…</c> and returns the
    /// PNG of the answer's <c>img_src</c> data URI.
    /// </summary>
    /// <exception cref="PaymentPageException">
    /// The request is invalid (nothing is sent), the call timed out or failed, or the answer is not a PNG QR code.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<QrCodeImage> GenerateQrAsync(QrPurchaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            throw new PaymentPageException(errors);
        }

        var keys = await _secretKeys.GetSecretKeysAsync(cancellationToken).ConfigureAwait(false);
        var parameters = request.ToParameters();
        var signature = PaymentPageSignature.Sign(parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), keys.Current);
        var redactions = new Redactions(signature, keys.Current);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, BuildUri(parameters, signature));
            message.Headers.Accept.ParseAdd("application/json");
            using var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return await QrResponseReader.ReadAsync(response, _options.MaxImageBytes, redactions, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            throw new PaymentPageException(
                PaymentPageErrorKind.Timeout, $"The Payment Page did not answer within {_options.TotalTimeout.TotalSeconds:0.###} s.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new PaymentPageException(PaymentPageErrorKind.Transport, "The connection to the Payment Page failed.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            // After many failures in a row the resilience handler stops calling for a short while instead of piling on.
            throw new PaymentPageException(PaymentPageErrorKind.UpstreamError, "The Payment Page has been failing; calls are paused for a few seconds.", ex);
        }
    }

    /// <summary>Each name and value escaped on its own; the signature was computed over the raw values.</summary>
    private Uri BuildUri(IReadOnlyList<KeyValuePair<string, string>> parameters, string signature)
    {
        var uri = new StringBuilder(_options.BaseUrl.AbsoluteUri.TrimEnd('/')).Append('/').Append(GenerateQrPath).Append('?');
        foreach (var (name, value) in parameters)
        {
            uri.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        uri.Append(PaymentPageParameters.Signature).Append('=').Append(Uri.EscapeDataString(signature));
        return new Uri(uri.ToString());
    }
}
