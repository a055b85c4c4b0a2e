using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JetPay.Payments.Tests.Storage;

/// <summary>The list's index on Azurite: a few hundred payments, paged to the end, every storage request counted.</summary>
public sealed class PaymentIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Paging_newest_first_to_the_end_gives_every_payment_once_in_one_query_per_page_with_or_without_a_status_filter()
    {
        var world = await WorldAsync();
        var expected = await world.PaymentsAsync(300);

        var all = await world.PageThroughAsync(status: null);
        var paid = await world.PageThroughAsync(status: "success");
        var canceled = await world.PageThroughAsync(status: "canceled");
        var window = await world.PageThroughAsync(status: null, fromMinute: 100, toMinute: 200);

        Assert.Equal(expected.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), all.Ids);
        Assert.Equal(expected.Where(p => p.Status == "success").OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), paid.Ids);
        Assert.Equal(expected.Where(p => p.Status == "canceled").OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), canceled.Ids);
        Assert.Equal(expected.Where(p => p.CreatedAt >= world.BaseTime.AddMinutes(100) && p.CreatedAt < world.BaseTime.AddMinutes(200)).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), window.Ids);
        foreach (var run in new[] { all, paid, canceled, window })
        {
            Assert.All(run.RequestsPerPage, count => Assert.Equal(1, count));
        }

        Assert.Equal(300 / 25, all.RequestsPerPage.Count);
        Console.WriteLine($"storage requests per page: all {string.Join(",", all.RequestsPerPage)}; success {string.Join(",", paid.RequestsPerPage)}; canceled {string.Join(",", canceled.RequestsPerPage)}; window {string.Join(",", window.RequestsPerPage)}");
    }

    [Fact]
    public async Task An_open_payment_past_its_expiry_is_listed_as_expired_without_any_write()
    {
        var world = await WorldAsync();
        var payments = await world.PaymentsAsync(3);
        world.Clock.Advance(TimeSpan.FromDays(2)); // every one expires (the paid and canceled ones keep their end)

        var expired = await world.PageThroughAsync(status: "expired");
        var pending = await world.PageThroughAsync(status: "pending");

        Assert.Equal(payments.Where(p => p.Status == "pending").Select(p => p.Id).Order(StringComparer.Ordinal), expired.Ids.Order(StringComparer.Ordinal));
        Assert.Empty(pending.Ids);
    }

    [Fact]
    public async Task A_payment_JetPay_reported_cancelled_in_the_older_spelling_is_listed_as_canceled_in_either()
    {
        var world = await WorldAsync();
        var reportedCancelled = await world.PaymentReportedAsync("cancelled");
        var reportedCanceled = await world.PaymentReportedAsync("canceled");

        var canceled = await world.PageThroughAsync(status: "canceled");
        var cancelled = await world.PageThroughAsync(status: "cancelled");

        Assert.Equal(new[] { reportedCanceled, reportedCancelled }.Order(StringComparer.Ordinal), canceled.Ids.Order(StringComparer.Ordinal));
        Assert.Equal(canceled.Ids.Order(StringComparer.Ordinal), cancelled.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_refresh_whose_read_of_the_payment_is_overtaken_by_a_callback_and_its_refresh_leaves_the_row_as_the_callback_made_it()
    {
        var world = await WorldAsync();
        var id = await world.PaymentReportedAsync("processing");
        var paymentId = PaymentId.TryParse(id, out var parsed) ? parsed : throw new InvalidOperationException(id);

        // The slow refresh reads the payment as processing; before it writes, a success is stored and another refresh
        // lists it. The slow one must not write its stale read over that.
        var slow = world.IndexOver(new OvertakenStore(world.PaymentsTable, world.Clock, async () =>
        {
            await world.PaymentsTable.AddEntityAsync(new TableEntity(id, "callback-2") { ["PaymentStatus"] = "success", ["Amount"] = 10000L, ["Currency"] = "KZT", ["ReceivedAt"] = world.Clock.GetUtcNow() });
            await world.Index.RefreshAsync(paymentId, CancellationToken.None);
        }));
        await slow.RefreshAsync(paymentId, CancellationToken.None);

        Assert.Contains(id, (await world.PageThroughAsync(status: "success")).Ids);
        Assert.DoesNotContain(id, (await world.PageThroughAsync(status: "processing")).Ids);
    }

    private async Task<World> WorldAsync()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var tables = new TableServiceClient(azurite.ConnectionString, options);
        await tables.CreateTableIfNotExistsAsync(StorageNames.PaymentsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.PaymentIndexTable);

        // Each test on a table of its own, so that the expected pages are exactly what it wrote.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new World(tables, counter, suffix);
    }

    private sealed class World
    {
        private readonly TableClient _payments;
        private readonly RequestCounter _counter;
        private readonly string _prefix;

        private readonly TableServiceClient _tables;

        public World(TableServiceClient tables, RequestCounter counter, string prefix)
        {
            _tables = tables;
            _payments = tables.GetTableClient(StorageNames.PaymentsTable);
            _counter = counter;
            _prefix = prefix;
            Store = new PaymentStore(_payments, Clock);
            Index = new PaymentIndex(tables, Store, Clock);
            List = new PaymentList(Index);
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public TableClient PaymentsTable => _payments;

        /// <summary>An index of the same tables reading payments through <paramref name="store"/>.</summary>
        public PaymentIndex IndexOver(PaymentStore store) => new(_tables, store, Clock);

        /// <summary>When this test's first payment was made: a year of its own, so that its payments are apart from other tests'.</summary>
        public DateTimeOffset BaseTime { get; } = Start.AddYears(1 + Random.Shared.Next(1000));

        public PaymentStore Store { get; }

        public PaymentIndex Index { get; }

        public PaymentList List { get; }

        /// <summary>
        /// Payments a minute apart (two at a time every 7th minute, to test equal creation times), created in the future of
        /// every other test's so that they are the newest; every third paid, every fifth canceled.
        /// </summary>
        public async Task<IReadOnlyList<(string Id, DateTimeOffset CreatedAt, string Status)>> PaymentsAsync(int count)
        {
            var made = new List<(string, DateTimeOffset, string)>();
            var baseTime = BaseTime;
            Clock.SetUtcNow(baseTime);
            for (var i = 0; i < count; i++)
            {
                var createdAt = baseTime.AddMinutes(i % 7 == 1 ? i - 1 : i);
                var id = $"{_prefix}-{i:D4}";
                var payment = await IssuedAsync(id, createdAt, expiresAt: createdAt.AddMinutes(30));
                var status = "pending";
                if (i % 3 == 0)
                {
                    await _payments.AddEntityAsync(new TableEntity(id, "callback-1") { ["PaymentStatus"] = "success", ["Amount"] = 10000L, ["Currency"] = "KZT", ["ReceivedAt"] = createdAt.AddMinutes(1) });
                    status = "success";
                }
                else if (i % 5 == 0)
                {
                    MoveClockTo(createdAt.AddMinutes(1));
                    await Store.TryRecordCancellationAsync(payment.PaymentId, CancellationToken.None);
                    status = "canceled";
                }

                MoveClockTo(createdAt.AddMinutes(2)); // read before any expiry
                await Index.RefreshAsync(payment.PaymentId, CancellationToken.None);
                made.Add((id, createdAt, status));
            }

            MoveClockTo(baseTime.AddMinutes(count + 3)); // after all were made, before the last expires
            return made;
        }

        /// <summary>A payment of this test with one callback reporting <paramref name="status"/>, refreshed into the index.</summary>
        public async Task<string> PaymentReportedAsync(string status)
        {
            var id = $"{_prefix}-{status}";
            MoveClockTo(BaseTime);
            var payment = await IssuedAsync(id, BaseTime, expiresAt: BaseTime.AddDays(1));
            await _payments.AddEntityAsync(new TableEntity(id, "callback-1") { ["PaymentStatus"] = status, ["ReceivedAt"] = BaseTime.AddMinutes(1) });
            MoveClockTo(BaseTime.AddMinutes(2));
            await Index.RefreshAsync(payment.PaymentId, CancellationToken.None);
            return id;
        }

        /// <summary>A payment of 100.00 KZT whose QR code was issued at <paramref name="createdAt"/>, stored.</summary>
        private async Task<Payment> IssuedAsync(string id, DateTimeOffset createdAt, DateTimeOffset expiresAt)
        {
            var purchase = PaymentStoreTests.Purchase(id) with { BestBefore = expiresAt };
            var payment = Payment.Reserve(PaymentOrder.Of(purchase), createdAt, TimeSpan.FromMinutes(1)) with { Creation = PaymentCreation.Issued, CreationLeaseExpiresAt = null };
            await Store.TryInsertAsync(payment, CancellationToken.None);
            return payment;
        }

        private void MoveClockTo(DateTimeOffset at)
        {
            if (at > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(at);
            }
        }

        /// <summary>Every page, 25 at a time, of this test's payments (created from its base time on, or in the minutes given).</summary>
        public async Task<(List<string> Ids, List<int> RequestsPerPage)> PageThroughAsync(string? status, int fromMinute = 0, int toMinute = 1000)
        {
            var createdFrom = BaseTime.AddMinutes(fromMinute);
            var createdTo = BaseTime.AddMinutes(toMinute);
            var ids = new List<string>();
            var requests = new List<int>();
            string? token = null;
            do
            {
                var before = _counter.IndexRequests;
                var result = await List.ListAsync(status, createdFrom.ToString("O", System.Globalization.CultureInfo.InvariantCulture), createdTo.ToString("O", System.Globalization.CultureInfo.InvariantCulture), "25", token, CancellationToken.None);
                var page = Assert.IsType<PaymentListResult.Page>(result);
                requests.Add(_counter.IndexRequests - before);
                ids.AddRange(page.Payments.Select(p => p.PaymentId).Where(id => id.StartsWith(_prefix, StringComparison.Ordinal)));
                token = page.ContinuationToken;
            }
            while (token is not null);

            return (ids, requests);
        }
    }

    /// <summary>A store whose first read of a payment is overtaken: once read, <c>overtake</c> runs before it is returned.</summary>
    private sealed class OvertakenStore(TableClient table, TimeProvider clock, Func<Task> overtake) : PaymentStore(table, clock)
    {
        private int _reads;

        public override async Task<Payment?> FindAsync(PaymentId paymentId, CancellationToken cancellationToken)
        {
            var read = await base.FindAsync(paymentId, cancellationToken);
            if (Interlocked.Increment(ref _reads) == 1)
            {
                await overtake();
            }

            return read;
        }
    }

    /// <summary>Counts the requests that reach the storage service, per table.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _indexRequests;

        public int IndexRequests => Volatile.Read(ref _indexRequests);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Uri.Path.Contains(StorageNames.PaymentIndexTable, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _indexRequests);
            }
        }
    }
}
