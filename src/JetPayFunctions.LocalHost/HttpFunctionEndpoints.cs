using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace JetPayFunctions.LocalHost;

/// <summary>One HTTP-triggered function method, as the Functions host would route to it.</summary>
internal sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> HttpMethods)
{
    /// <summary>Every <c>[Function]</c> method with an <c>[HttpTrigger]</c> parameter in the assembly.</summary>
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.function is not null)
            .Select(x => (x.method, x.function, trigger: x.method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.trigger is not null)
            .Select(x => new HttpFunction(
                x.function!.Name,
                x.method,
                x.trigger!.Route ?? x.function.Name,
                x.trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST"]))
            .ToList();
}

internal static class HttpFunctionEndpoints
{
    public const string RoutePrefix = "api";

    /// <summary>Maps each HTTP function under <c>/api</c>. Like <c>func start</c>, no function key is asked for.</summary>
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, Assembly functionsAssembly)
    {
        foreach (var function in HttpFunction.Discover(functionsAssembly))
        {
            var invoke = CreateInvoker(function);
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.HttpMethods, invoke).WithName(function.Name);
        }

        return endpoints;
    }

    // Everything reflection can tell is worked out here, once: a parameter the local host cannot bind fails at start-up.
    private static RequestDelegate CreateInvoker(HttpFunction function)
    {
        var method = function.Method;
        if (method.ReturnType != typeof(Task<IActionResult>))
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} must return Task<IActionResult> to run on the local host.");
        }

        var create = ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        var binders = method.GetParameters().Select(parameter => CreateBinder(parameter, function.Route)).ToArray();
        return async context =>
        {
            var instance = create(context.RequestServices, null);
            var arguments = Array.ConvertAll(binders, bind => bind(context));
            var result = await ((Task<IActionResult>)method.Invoke(instance, arguments)!).ConfigureAwait(false);
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
        };
    }

    private static Func<HttpContext, object?> CreateBinder(ParameterInfo parameter, string route)
    {
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
        {
            return context => context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        var name = parameter.Name!;
        if (parameter.ParameterType == typeof(string) && route.Contains('{' + name, StringComparison.OrdinalIgnoreCase))
        {
            return context => context.GetRouteValue(name)?.ToString();
        }

        throw new InvalidOperationException($"The local host cannot bind parameter '{name}' of {parameter.Member.DeclaringType!.Name}.{parameter.Member.Name}.");
    }
}
