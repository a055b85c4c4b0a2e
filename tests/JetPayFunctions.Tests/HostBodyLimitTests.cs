using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using JetPay.Payments.Callbacks;
using JetPay.Testing;
using Xunit.Abstractions;

namespace JetPayFunctions.Tests;

/// <summary>
/// The Functions host's own body limit (<c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>, as the example settings and the Bicep
/// set it): without it the host buffers up to 100 MB of a body before the worker's 64 KiB check runs.
/// </summary>
public sealed class HostBodyLimitTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int StormBodyBytes = 90 * 1024 * 1024;
    private const int Concurrent = 6;
    private const int Rounds = 3;
    private const long MostGrowthBytes = 150L * 1024 * 1024;

    [Fact]
    public async Task A_body_just_over_the_app_s_limit_gets_the_app_s_413_and_a_larger_one_the_host_s()
    {
        await using var app = await AppUnderTest.StartAsync(azurite.ConnectionString);
        var limit = int.Parse(FunctionsHost.ExampleSetting(FunctionsHost.RequestBodySizeLimitSetting), CultureInfo.InvariantCulture);

        using var justOver = await PostAsync(app, new byte[CallbackReceiver.MaxBodyBytes + 1]);
        using var overTheHost = await PostAsync(app, new byte[limit + 1]);
        output.WriteLine($"{CallbackReceiver.MaxBodyBytes + 1} bytes: {(int)justOver.StatusCode} {justOver.Content.Headers.ContentType}; {limit + 1} bytes: {(int)overTheHost.StatusCode} {overTheHost.Content.Headers.ContentType}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, justOver.StatusCode);
        Assert.Equal("application/problem+json", justOver.Content.Headers.ContentType?.MediaType); // the app's answer
        // The host reads no further than its limit and fails the request while binding it: a 500 of its own, not the app's.
        Assert.Equal(HttpStatusCode.InternalServerError, overTheHost.StatusCode);
        Assert.NotEqual("application/problem+json", overTheHost.Content.Headers.ContentType?.MediaType);
        await Eventually.UntilAsync(
            () => Task.FromResult(app.LogLines().Any(line => line.Contains($"Request body too large. The max request body size is {limit} bytes.", StringComparison.Ordinal))),
            "the host's log line",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_storm_of_90_MiB_bodies_leaves_the_host_s_memory_flat()
    {
        await using var app = await AppUnderTest.StartAsync(azurite.ConnectionString);
        using var host = Process.GetProcessById(app.Host.ProcessId!.Value);
        var body = new byte[StormBodyBytes];
        host.Refresh();
        var before = host.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                host.Refresh();
                peak = Math.Max(peak, host.WorkingSet64);
                await Task.Delay(20);
            }
        });

        var answers = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => AnswerAsync(app, body))));
        }

        await sampling.CancelAsync();
        await sampler;
        host.Refresh();
        output.WriteLine($"host resident before {before / 1048576} MiB, peak during the storm {peak / 1048576} MiB, after {host.WorkingSet64 / 1048576} MiB; answers: {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Count()} x {g.Key}"))}");

        Assert.All(answers, answer => Assert.True(answer is "413" or "connection closed", answer));
        Assert.InRange(peak - before, long.MinValue, MostGrowthBytes);
        using var health = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(AppUnderTest app, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await app.Client.PostAsync(new Uri("/api/jetpay/callback", UriKind.Relative), content);
    }

    // A host that refuses a body may close the connection while the client is still sending it.
    private static async Task<string> AnswerAsync(AppUnderTest app, byte[] body)
    {
        try
        {
            using var response = await PostAsync(app, body);
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "connection closed";
        }
    }
}
