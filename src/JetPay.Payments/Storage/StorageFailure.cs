using Azure;

namespace JetPay.Payments.Storage;

/// <summary>Recognises the exceptions the Azure SDK throws when storage cannot be reached or refuses a request.</summary>
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
