using Azure;

namespace JetPay.Payments.Health;

internal static class FailedRequests
{
    /// <summary>What a service answered, in words that may be shown to anyone: <c>403 (AuthorizationPermissionMismatch)</c>.</summary>
    public static string Describe(RequestFailedException failure) =>
        failure.ErrorCode is null ? $"{failure.Status}" : $"{failure.Status} ({failure.ErrorCode})";
}
