using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.LocalHost;

/// <summary>One queue-triggered function method, as the Functions host would listen for it.</summary>
internal sealed record QueueFunction(string Name, MethodInfo Method, string QueueName, string Connection)
{
    /// <summary>Every <c>[Function]</c> method with a <c>[QueueTrigger]</c> parameter in the assembly.</summary>
    public static IReadOnlyList<QueueFunction> Discover(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.function is not null)
            .Select(x => (x.method, x.function, trigger: x.method.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.trigger is not null)
            .Select(x => new QueueFunction(x.function!.Name, x.method, x.trigger!.QueueName, x.trigger.Connection ?? "AzureWebJobsStorage"))
            .ToList();

    /// <summary>The queue the host moves a message to after <c>maxDequeueCount</c> failed dequeues.</summary>
    public string PoisonQueueName => QueueName + "-poison";
}
