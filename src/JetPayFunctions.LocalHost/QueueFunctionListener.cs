using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JetPay.Payments.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Azure;

namespace JetPayFunctions.LocalHost;

/// <summary>
/// Runs one queue-triggered function the way the Functions host does: polls the queue (at most
/// <see cref="QueuesHostOptions.MaxPollingInterval"/> apart), takes up to <see cref="QueuesHostOptions.BatchSize"/>
/// messages and runs them in parallel, decodes Base64, deletes a message when the function returns; when it throws,
/// makes the message visible again after <see cref="QueuesHostOptions.VisibilityTimeout"/>, or, once its dequeue count
/// reached <see cref="QueuesHostOptions.MaxDequeueCount"/>, moves it to the poison queue and logs why.
/// </summary>
/// <remarks>
/// Differences from the Functions host, none of which changes what a function sees: the next batch is taken when the
/// whole batch is done (not at <c>newBatchThreshold</c>); an empty queue is polled at the longest interval rather than
/// with a growing back-off; a message is received invisible for the function timeout plus a margin instead of having its
/// visibility renewed while it runs.
/// </remarks>
internal sealed partial class QueueFunctionListener(
    QueueFunction function,
    IServiceProvider services,
    QueueServiceClient queues,
    QueuesHostOptions options,
    TimeProvider timeProvider,
    ILogger<QueueFunctionListener> logger) : BackgroundService
{
    private static readonly TimeSpan VisibilityMargin = TimeSpan.FromSeconds(30);

    private readonly QueueClient _queue = queues.GetQueueClient(function.QueueName);
    private readonly QueueClient _poisonQueue = queues.GetQueueClient(function.PoisonQueueName);
    private readonly ObjectFactory _createFunction = ActivatorUtilities.CreateFactory(function.Method.DeclaringType!, Type.EmptyTypes);
    private readonly Func<string, CancellationToken, object>[] _binders = function.Method.GetParameters().Select(parameter => CreateBinder(parameter, function)).ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogListening(logger, function.Name, function.QueueName, options.MaxDequeueCount, options.VisibilityTimeout);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = (await _queue.ReceiveMessagesAsync(options.BatchSize, options.FunctionTimeout + VisibilityMargin, stoppingToken).ConfigureAwait(false)).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(options.MaxPollingInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await Task.WhenAll(batch.Select(message => ProcessAsync(message, stoppingToken))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                await TryAsync(() => _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken)).ConfigureAwait(false);
            }
            catch (Exception ex) when (StorageFailure.Is(ex))
            {
                LogQueueUnavailable(logger, ex, function.QueueName);
                await Task.Delay(options.MaxPollingInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (!TryDecode(message, out var text))
        {
            await MoveToPoisonAsync(message, "the message is not valid Base64, as messageEncoding 'base64' requires", null).ConfigureAwait(false);
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.FunctionTimeout);
            await InvokeAsync(text, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: give the message back at once rather than after the receive visibility.
            await TryAsync(() => _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await FailAsync(message, ex).ConfigureAwait(false);
            return;
        }

        await TryAsync(() => _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None)).ConfigureAwait(false);
        LogCompleted(logger, function.Name, message.MessageId, message.DequeueCount);
    }

    private async Task FailAsync(QueueMessage message, Exception exception)
    {
        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, exception.Message, exception).ConfigureAwait(false);
            return;
        }

        LogRetrying(logger, exception, function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount, options.VisibilityTimeout, exception.Message);
        await TryAsync(() => _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string reason, Exception? exception)
    {
        // The body is copied as stored, still encoded, so that it can be put back on the queue as it is.
        var moved = await TryAsync(async () =>
        {
            await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await _poisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (moved)
        {
            LogPoisoned(logger, exception, function.Name, message.MessageId, function.PoisonQueueName, message.DequeueCount, reason);
        }
    }

    private async Task InvokeAsync(string message, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = _createFunction(scope.ServiceProvider, null);
        var arguments = Array.ConvertAll(_binders, bind => bind(message, cancellationToken));
        try
        {
            if (function.Method.Invoke(instance, arguments) is Task task)
            {
                await task.ConfigureAwait(false);
            }
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }

    // Worked out once, when the listener is built: a parameter the local host cannot bind fails at start-up.
    private static Func<string, CancellationToken, object> CreateBinder(ParameterInfo parameter, QueueFunction function)
    {
        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null && parameter.ParameterType == typeof(string))
        {
            return (message, _) => message;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        throw new InvalidOperationException($"The local host cannot bind parameter '{parameter.Name}' of {function.Method.DeclaringType!.Name}.{function.Method.Name}.");
    }

    private bool TryDecode(QueueMessage message, out string text)
    {
        text = message.Body.ToString();
        if (!options.UsesBase64)
        {
            return true;
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes, 0, length);
        return true;
    }

    private async Task<bool> TryAsync(Func<Task> storageCall)
    {
        try
        {
            await storageCall().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            // The message becomes visible again by itself; the function's own records make a second run harmless.
            LogQueueUnavailable(logger, ex, function.QueueName);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on queue '{Queue}' for {Function} (maxDequeueCount {MaxDequeueCount}, visibilityTimeout {VisibilityTimeout})")]
    private static partial void LogListening(ILogger logger, string function, string queue, int maxDequeueCount, TimeSpan visibilityTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} completed message {MessageId} (dequeue count {DequeueCount})")]
    private static partial void LogCompleted(ILogger logger, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed on message {MessageId} (dequeue count {DequeueCount} of {MaxDequeueCount}); tried again after {VisibilityTimeout}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string function, string messageId, long dequeueCount, int maxDequeueCount, TimeSpan visibilityTimeout, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: message {MessageId} moved to '{PoisonQueue}' after {DequeueCount} dequeues: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, Exception? exception, string function, string messageId, string poisonQueue, long dequeueCount, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue '{Queue}' could not be reached; trying again")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception, string queue);
}

/// <summary>Registers a <see cref="QueueFunctionListener"/> for each queue function of the Functions app.</summary>
internal static class QueueFunctionHosting
{
    public static IServiceCollection AddQueueFunctions(this IServiceCollection services, Assembly functionsAssembly, IConfiguration configuration)
    {
        var options = QueuesHostOptions.Read(Path.Combine(AppContext.BaseDirectory, QueuesHostOptions.HostJsonFileName), configuration);
        services.AddSingleton(options);
        foreach (var function in QueueFunction.Discover(functionsAssembly))
        {
            // As in the Functions host: AzureWebJobs.<name>.Disabled (AzureWebJobs__<name>__Disabled in the environment).
            if (configuration.GetValue<bool>($"AzureWebJobs:{function.Name}:Disabled") || configuration.GetValue<bool>($"AzureWebJobs.{function.Name}.Disabled"))
            {
                continue;
            }

            if (function.Connection != StorageConnection.SettingName)
            {
                throw new InvalidOperationException($"{function.Name} listens on connection '{function.Connection}'; the local host knows only '{StorageConnection.SettingName}'.");
            }

            services.AddSingleton<IHostedService>(provider => new QueueFunctionListener(
                function,
                provider,
                provider.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageServiceCollectionExtensions.UndecodedQueuesClientName),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<QueueFunctionListener>>()));
        }

        return services;
    }
}
