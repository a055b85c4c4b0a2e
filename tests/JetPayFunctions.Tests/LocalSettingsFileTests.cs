using JetPayFunctions.LocalHost;

namespace JetPayFunctions.Tests;

public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Values_become_settings_with_sections_and_the_host_section_stays_under_Host()
    {
        File.WriteAllText(_path, """
            {
              // Core Tools allows comments and trailing commas
              "IsEncrypted": false,
              "Values": { "JetPay__ProjectId": "123", "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Retries": 2, },
              "Host": { "CORS": "http://localhost:5173", "CORSCredentials": false }
            }
            """);

        var settings = LocalSettingsFile.Read(_path).ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["JetPay:ProjectId"] = "123",
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                ["Retries"] = "2",
                ["Host:CORS"] = "http://localhost:5173",
                ["Host:CORSCredentials"] = "false",
            },
            settings);
    }
}
