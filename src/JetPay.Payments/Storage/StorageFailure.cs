using Azure;

namespace JetPay.Payments.Storage;

/// <summary>
/// Recognises the exceptions the Azure SDK throws when storage (or Key Vault) cannot be reached or refuses a request:
/// the caller answers 503, and the client (or JetPay, for a callback) tries again.
/// </summary>
public static class StorageFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        HttpRequestException => true,
        _ => false,
    };
}
