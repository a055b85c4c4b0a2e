using JetPay.Payments.Storage;
using Microsoft.AspNetCore.Mvc;

namespace JetPayFunctions.Http;

/// <summary>The one place where an HTTP function meets storage that cannot be reached: it answers 503, and the caller
/// (or JetPay, for a callback) tries again.</summary>
internal static class StorageBackedAnswer
{
    /// <summary>Runs <paramref name="call"/> and answers with <paramref name="answer"/> of its result, or 503 <c>storage_unavailable</c>.</summary>
    public static async Task<IActionResult> FromAsync<T>(Func<Task<T>> call, Func<T, IActionResult> answer)
    {
        T result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return ApiProblems.StorageUnavailable();
        }

        return answer(result);
    }
}
