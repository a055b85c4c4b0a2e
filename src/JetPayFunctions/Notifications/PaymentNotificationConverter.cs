using System.Text.Json;
using JetPay.Payments.Notifications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Extensions.Logging;

namespace JetPayFunctions.Notifications;

/// <summary>
/// Binds a queue message to a <see cref="PaymentNotification"/>. A message that is not one binds to <c>null</c> and is
/// logged here: retrying it could never succeed and it names no payment to replay, so the function completes it
/// instead of letting the binding fail five times into the poison queue.
/// </summary>
internal sealed partial class PaymentNotificationConverter : IInputConverter
{
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
    {
        if (context.TargetType != typeof(PaymentNotification) || context.Source is not string message)
        {
            return ValueTask.FromResult(ConversionResult.Unhandled());
        }

        try
        {
            return ValueTask.FromResult(ConversionResult.Success(PaymentNotification.FromJson(message)));
        }
        catch (JsonException ex)
        {
            LogMalformed(context.FunctionContext.GetLogger<SendPaymentNotificationFunction>(), message.Length, ex.Message);
            return ValueTask.FromResult(ConversionResult.Success(null));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue message of {Length} characters is not a payment notification, dropped: {Reason}")]
    private static partial void LogMalformed(ILogger logger, int length, string reason);
}
