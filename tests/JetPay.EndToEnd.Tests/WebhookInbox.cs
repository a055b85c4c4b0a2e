using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JetPay.EndToEnd.Tests;

/// <summary>
/// The local webhook inbox (<c>scripts/webhook-inbox.mjs</c>) as <c>npm start</c> runs it, on a port the OS picks,
/// and the HTTP calls a test makes to it: posting a webhook, reading the list, switching the outage on and off.
/// </summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    /// <summary>A secret of the Standard Webhooks format (<c>whsec_</c> and the base64 of 32 bytes), for tests only.</summary>
    public const string Secret = "whsec_dGVzdHMtb25seSB3ZWJob29rIHNlY3JldCwgMzIgYg==";

    private readonly NodeProcess _node;
    private readonly HttpClient _http;

    private WebhookInbox(NodeProcess node, string url)
    {
        _node = node;
        Url = url;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The inbox's page.</summary>
    public string Url { get; }

    /// <summary>Where the app posts its webhooks.</summary>
    public string WebhookUrl => Url + "/webhook";

    /// <summary>What the inbox printed, for failure messages.</summary>
    public string Output => _node.Output;

    /// <param name="forwardTo">The merchant's app to forward each webhook to, if any.</param>
    public static async Task<WebhookInbox> StartAsync(string? forwardTo = null)
    {
        string[] arguments = forwardTo is null
            ? ["--port", "0", "--secret", Secret]
            : ["--port", "0", "--secret", Secret, "--forward-to", forwardTo];
        var node = NodeProcess.Start("scripts/webhook-inbox.mjs", arguments);
        try
        {
            return new WebhookInbox(node, await node.WaitForListeningUrlAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts <paramref name="body"/> with the three Standard Webhooks headers, as the app does.</summary>
    public async Task<HttpResponseMessage> PostAsync(string webhookId, DateTimeOffset timestamp, string signature, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        return await _http.SendAsync(request);
    }

    /// <summary>Whether the inbox answers 503 now.</summary>
    public async Task<bool> IsInOutageAsync() => (await _http.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetProperty("outage").GetBoolean();

    /// <summary>The webhooks listed, newest first, as the page gets them.</summary>
    public async Task<JsonElement[]> ListAsync()
    {
        var inbox = await _http.GetFromJsonAsync<JsonElement>("/api/webhooks");
        return [.. inbox.GetProperty("webhooks").EnumerateArray()];
    }

    /// <summary>The one webhook listed with this id.</summary>
    public async Task<JsonElement> SingleAsync(string webhookId) =>
        Assert.Single(await ListAsync(), w => w.GetProperty("webhookId").GetString() == webhookId);

    public Task<HttpResponseMessage> SetOutageAsync(string json, string mediaType = "application/json") =>
        _http.PostAsync("/control/outage", new StringContent(json, Encoding.UTF8, mediaType));

    /// <summary>A GET of <paramref name="path"/> with another <c>Host</c> header, as after a DNS rebinding.</summary>
    public Task<HttpResponseMessage> GetAsHostAsync(string path, string host) =>
        _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = host } });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }
}
