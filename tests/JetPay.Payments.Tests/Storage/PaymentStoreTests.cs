using Azure.Data.Tables;
using JetPay.PaymentPage;
using JetPay.Payments.Payments;
using JetPay.Payments.Storage;
using JetPay.Testing;

namespace JetPay.Payments.Tests.Storage;

public sealed class PaymentStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    internal static QrPurchaseRequest Purchase(string paymentId) => new()
    {
        ProjectId = 123,
        PaymentId = paymentId,
        Amount = 10000,
        Currency = "KZT",
        CustomerId = "customer_123",
        CustomerFirstName = "John",
        CustomerLastName = "Doe",
        CustomerEmail = "johndoe@example.com",
        PaymentDescription = "Order 1001",
    };

    private async Task<TableClient> TableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.PaymentsTable);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task The_row_holds_the_order_and_never_the_status_derived_from_the_callbacks()
    {
        var table = await TableAsync();
        var paymentId = AppRequests.NewPaymentId();
        await new PaymentStore(table, TimeProvider.System).TryInsertAsync(Payment.Reserve(PaymentOrder.Of(Purchase(paymentId)), Now, TimeSpan.FromMinutes(1)), CancellationToken.None);

        var row = (await table.GetEntityAsync<TableEntity>(paymentId, Payment.RowKeyValue)).Value;

        Assert.Equal(
            ["Amount", "CreatedAt", "Creation", "CreationLeaseExpiresAt", "Currency", "CustomerEmail", "CustomerFirstName", "CustomerId", "CustomerLastName", "Description", "OrderFingerprint", "UpdatedAt"],
            row.Keys.Where(key => key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order(StringComparer.Ordinal));
        Assert.Equal("Reserved", row.GetString("Creation"));
        Assert.Equal(10000, row.GetInt64("Amount"));
    }

    [Fact]
    public async Task A_stored_payment_reads_back_as_it_was_written_and_pending()
    {
        var table = await TableAsync();
        var paymentId = AppRequests.NewPaymentId();
        var reserved = Payment.Reserve(PaymentOrder.Of(Purchase(paymentId)), Now, TimeSpan.FromMinutes(1));
        var store = new PaymentStore(table, TimeProvider.System);
        var inserted = await store.TryInsertAsync(reserved, CancellationToken.None);

        var read = await store.FindAsync(reserved.PaymentId, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(reserved with { ETag = default }, read! with { ETag = default, Timestamp = null });
        Assert.Equal(Payment.PendingStatus, read.Status);
        Assert.Equal(inserted!.ETag, read.ETag);
        Assert.Equal(Payment.FingerprintOf(Purchase(paymentId)), read.OrderFingerprint);
    }
}
