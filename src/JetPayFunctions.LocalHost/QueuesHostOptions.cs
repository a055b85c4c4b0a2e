namespace JetPayFunctions.LocalHost;

/// <summary>
/// The queue settings of <c>host.json</c> (<c>extensions.queues</c>, and <c>functionTimeout</c>), with the Functions
/// host's defaults for what the file leaves out. As on the Functions host, an app setting
/// <c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c> (and so on) overrides the file.
/// </summary>
internal sealed class QueuesHostOptions
{
    public const string HostJsonFileName = "host.json";
    public const string OverrideSection = "AzureFunctionsJobHost";

    /// <summary>The longest wait between two polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a message that failed stays invisible before it is tried again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>How many messages are taken, and run in parallel, at once (1 to 32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>After how many dequeues a failing message goes to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary><c>base64</c> (the default) or <c>none</c>.</summary>
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>How long one invocation may run before it is cancelled.</summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public bool UsesBase64 => string.Equals(MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>host.json</c> (required), then the overriding settings of <paramref name="configuration"/>.</summary>
    public static QueuesHostOptions Read(string hostJsonPath, IConfiguration configuration)
    {
        if (!File.Exists(hostJsonPath))
        {
            throw new InvalidOperationException($"{HostJsonFileName} was not found at '{hostJsonPath}'; the local host reads its queue settings from the repository's {HostJsonFileName}.");
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: false, reloadOnChange: false).Build();
        var options = new QueuesHostOptions();
        foreach (var source in new IConfiguration[] { hostJson, configuration.GetSection(OverrideSection) })
        {
            source.GetSection("extensions:queues").Bind(options);
            if (source["functionTimeout"] is { Length: > 0 } timeout)
            {
                options.FunctionTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var failures = new List<string>();
        if (options.MaxPollingInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add("maxPollingInterval must be at least 00:00:00.1");
        }

        if (options.VisibilityTimeout < TimeSpan.Zero)
        {
            failures.Add("visibilityTimeout must not be negative");
        }

        if (options.BatchSize is < 1 or > 32)
        {
            failures.Add("batchSize must be between 1 and 32");
        }

        if (options.MaxDequeueCount < 1)
        {
            failures.Add("maxDequeueCount must be at least 1");
        }

        if (!options.UsesBase64 && !string.Equals(options.MessageEncoding, "none", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("messageEncoding must be 'base64' or 'none'");
        }

        return failures.Count == 0
            ? options
            : throw new InvalidOperationException($"Invalid queue settings in {HostJsonFileName} or {OverrideSection}__extensions__queues__*: {string.Join("; ", failures)}.");
    }
}
