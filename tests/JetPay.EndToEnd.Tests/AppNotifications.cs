using System.Reflection;
using JetPayFunctions.Payments;
using Microsoft.Azure.Functions.Worker;

namespace JetPay.EndToEnd.Tests;

/// <summary>Whether the Functions app has a queue-triggered function, i.e. the notification sender.</summary>
internal static class AppNotifications
{
    public static bool AreRegistered { get; } = typeof(CreateQrPaymentFunction).Assembly.GetExportedTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
        .Any(method => method.GetParameters().Any(parameter => parameter.GetCustomAttributes().Any(a => a.GetType().Name == "QueueTriggerAttribute")));
}
