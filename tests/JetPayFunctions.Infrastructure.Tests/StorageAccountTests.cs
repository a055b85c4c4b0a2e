using JetPay.Payments.Storage;
using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class StorageAccountTests(InfrastructureFixture infrastructure)
{
    // The names come from the app itself, so the templates cannot drift from what the code uses.
    public static TheoryData<string, string> Containers => Data.EnvironmentsWith(["app-package", StorageNames.QrCodeContainer]);

    public static TheoryData<string, string> Queues => Data.EnvironmentsWith([StorageNames.NotificationQueue, StorageNames.NotificationPoisonQueue]);

    public static TheoryData<string, string> Tables => Data.EnvironmentsWith([StorageNames.PaymentsTable, StorageNames.NotificationScheduleTable, StorageNames.PaymentIndexTable]);

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Storage_account_refuses_shared_key_authorization(string environment) =>
        Assert.False((bool?)Account(environment).At("properties.allowSharedKeyAccess"));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Storage_account_refuses_anonymous_blob_access(string environment) =>
        Assert.False((bool?)Account(environment).At("properties.allowBlobPublicAccess"));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Storage_account_accepts_https_only(string environment) =>
        Assert.True((bool?)Account(environment).At("properties.supportsHttpsTrafficOnly"));

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void Storage_account_requires_tls_1_2(string environment) =>
        Assert.Equal("TLS1_2", (string?)Account(environment).At("properties.minimumTlsVersion"));

    [Theory]
    [MemberData(nameof(Containers))]
    public void Blob_container_exists_and_is_private(string environment, string container)
    {
        var resource = Assert.Single(infrastructure.Snapshot(environment).OfType(ResourceTypes.BlobContainer), c => c.ShortName == container);
        Assert.Null(resource.Condition);
        Assert.Equal("None", (string?)resource.At("properties.publicAccess"));
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public void Queue_exists(string environment, string queue) =>
        Assert.Single(infrastructure.Snapshot(environment).OfType(ResourceTypes.Queue), q => q.ShortName == queue && q.Condition is null);

    [Theory]
    [MemberData(nameof(Tables))]
    public void Table_exists(string environment, string table) =>
        Assert.Single(infrastructure.Snapshot(environment).OfType(ResourceTypes.Table), t => t.ShortName == table && t.Condition is null);

    private PredictedResource Account(string environment) => infrastructure.Snapshot(environment).Single(ResourceTypes.StorageAccount);
}
