using Microsoft.Extensions.Configuration;

namespace JetPay.Payments.Storage;

/// <summary>
/// The storage account, read from the same <c>AzureWebJobsStorage</c> setting the Functions host uses:
/// either a connection string (Azurite locally) or identity-based service URIs
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, optional <c>__clientId</c>).
/// </summary>
public sealed record StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    private StorageConnection()
    {
    }

    /// <summary>The connection string, when the account is reached with a shared key.</summary>
    public string? ConnectionString { get; private init; }

    public Uri? BlobServiceUri { get; private init; }

    public Uri? QueueServiceUri { get; private init; }

    public Uri? TableServiceUri { get; private init; }

    /// <summary>The client id of a user-assigned managed identity, when one is named.</summary>
    public string? ManagedIdentityClientId { get; private init; }

    public bool UsesIdentity => ConnectionString is null;

    public static StorageConnection FromConnectionString(string connectionString) =>
        new() { ConnectionString = connectionString };

    public static StorageConnection FromServiceUris(Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, string? managedIdentityClientId = null) =>
        new()
        {
            BlobServiceUri = blobServiceUri,
            QueueServiceUri = queueServiceUri,
            TableServiceUri = tableServiceUri,
            ManagedIdentityClientId = managedIdentityClientId,
        };

    /// <summary>Reads the connection; the message of the exception names the missing setting.</summary>
    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        return FromServiceUris(
            RequiredUri(section, "blobServiceUri"),
            RequiredUri(section, "queueServiceUri"),
            RequiredUri(section, "tableServiceUri"),
            string.IsNullOrWhiteSpace(section["clientId"]) ? null : section["clientId"]);
    }

    private static Uri RequiredUri(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Setting '{SettingName}' is missing: set it to a storage connection string, or set '{SettingName}__{key}' (with the other service URIs) for an identity-based connection.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Setting '{SettingName}__{key}' must be an absolute https URI.");
        }

        return uri;
    }
}
