using System.Net;
using System.Text.Json.Nodes;
using JetPay.Testing;
using Xunit.Abstractions;

namespace JetPayFunctions.Tests;

/// <summary><c>GET /api/health</c> of the app under <c>func start</c>: healthy, with storage gone, with the vault out of reach.</summary>
public sealed class HealthTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_storage_and_the_key_at_hand_it_answers_200_without_a_function_key_and_without_the_key_itself()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = await AppUnderTest.StartAsync(azurite.ConnectionString, options: new FunctionsHostOptions { EnableAuth = true });

        var (status, body, text) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.Text("status"));
        Assert.Equal("healthy", Check(body, "storage"));
        Assert.Equal("healthy", Check(body, "jetPayKey"));
        Assert.DoesNotContain(AppUnderTest.SecretKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_storage_gone_it_answers_503_naming_storage()
    {
        var azurite = await AzuriteServer.StartAsync();
        await using var app = await AppUnderTest.StartAsync(azurite.ConnectionString);
        await azurite.DisposeAsync();

        var (status, body, _) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.Text("status"));
        Assert.Equal("unhealthy", Check(body, "storage"));
        Assert.Equal("healthy", Check(body, "jetPayKey"));
    }

    [Fact]
    public async Task With_the_vault_out_of_reach_it_answers_503_naming_the_JetPay_key()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = await AppUnderTest.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["KeyVault__Uri"] = $"https://127.0.0.1:{FreePorts.Next()}/", // nobody listens, and no identity to sign in with
            ["KeyVault__SecretKeyName"] = "jetpay-secret-key",
        });

        var (status, body, _) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.Text("status"));
        Assert.Equal("healthy", Check(body, "storage"));
        Assert.Equal("unhealthy", Check(body, "jetPayKey"));
    }

    private static string Check(JsonObject health, string name) => health["checks"]![name]!.AsObject().Text("status");

    private async Task<(HttpStatusCode Status, JsonObject Body, string Text)> HealthAsync(AppUnderTest app)
    {
        using var anonymous = new HttpClient { BaseAddress = app.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await anonymous.GetAsync(new Uri("/api/health", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"GET /api/health -> {(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), text);
    }
}
