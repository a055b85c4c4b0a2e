using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using JetPay.Testing;

namespace JetPayFunctions.Tests;

[Collection(ApiCollection.Name)]
public sealed class ListPaymentsTests(ApiFixture api)
{
    private readonly AppUnderTest _app = api.Fresh();

    [Fact]
    public async Task A_few_hundred_payments_page_newest_first_to_the_end_without_a_duplicate_or_a_gap_with_and_without_filters()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var made = new List<(string Id, string Status)>();
        var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, 240).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var order = AppRequests.Order();
                order["metadata"] = new JsonObject { ["n"] = i.ToString(CultureInfo.InvariantCulture) };
                using var created = await _app.Client.CreateAsync(order);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var id = order.Text("paymentId");
                var status = "pending";
                if (i % 4 == 0)
                {
                    using var paid = await _app.Client.PostCallbackAsync(SignedCallbacks.Sign(SignedCallbacks.Purchase(id, "success"), AppUnderTest.SecretKey));
                    status = "success";
                }
                else if (i % 5 == 0)
                {
                    using var canceled = await _app.Client.PostAsync($"/api/payments/{id}/cancel", null);
                    Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
                    status = "canceled";
                }

                lock (made)
                {
                    made.Add((id, status));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var mine = made.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        var all = await PageThroughAsync($"createdFrom={Stamp(from)}&createdTo={Stamp(to)}&limit=37");
        var paid = await PageThroughAsync($"status=success&createdFrom={Stamp(from)}&limit=25");
        var canceled = await PageThroughAsync($"status=canceled&createdFrom={Stamp(from)}&limit=10");

        var ours = all.Where(p => mine.Contains(p.Text("paymentId"))).ToList();
        Assert.Equal(240, ours.Count);
        Assert.Equal(240, ours.Select(p => p.Text("paymentId")).Distinct().Count());
        var created = ours.Select(p => DateTimeOffset.Parse(p.Text("createdAt"), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(created.OrderDescending(), created); // newest first
        Assert.All(ours, p => Assert.Equal(made.Single(m => m.Id == p.Text("paymentId")).Status, p.Text("status")));
        Assert.All(ours, p => Assert.NotNull(p["metadata"]!["n"]));
        Assert.Equal(made.Where(m => m.Status == "success").Select(m => m.Id).Order(StringComparer.Ordinal), paid.Select(p => p.Text("paymentId")).Where(mine.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(made.Where(m => m.Status == "canceled").Select(m => m.Id).Order(StringComparer.Ordinal), canceled.Select(p => p.Text("paymentId")).Where(mine.Contains).Order(StringComparer.Ordinal));
        Assert.All(paid, p => Assert.Equal("success", p.Text("status")));
    }

    [Theory]
    [InlineData("status=paid", "unknown_status_filter")]
    [InlineData("status=Success", "unknown_status_filter")]
    [InlineData("createdFrom=yesterday", "invalid_created_range")]
    [InlineData("createdFrom=2026-12-02T00:00:00Z&createdTo=2026-12-01T00:00:00Z", "invalid_created_range")]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=101", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("continuationToken=not-a-token", "bad_continuation_token")]
    [InlineData("continuationToken=%%%", "bad_continuation_token")]
    public async Task A_bad_query_answers_400_with_its_code(string query, string code)
    {
        using var response = await _app.Client.GetAsync($"/api/payments?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.ReadJsonAsync()).Text("code"));
    }

    private static string Stamp(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private async Task<List<JsonObject>> PageThroughAsync(string query)
    {
        var payments = new List<JsonObject>();
        string? token = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            using var response = await _app.Client.GetAsync($"/api/payments?{query}{(token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            payments.AddRange(page["payments"]!.AsArray().OfType<JsonObject>());
            token = (string?)page["continuationToken"];
            if (token is null)
            {
                return payments;
            }
        }

        throw new Xunit.Sdk.XunitException("The list did not end within 1000 pages.");
    }
}
