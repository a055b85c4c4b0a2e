using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace JetPayFunctions.Http;

/// <summary>Reads a request body once, asynchronously, never more than a limit.</summary>
public static class RequestBody
{
    /// <summary>The raw bytes, or <c>null</c> when the body is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a JSON body into <typeparamref name="T"/>; on failure, the problem to answer with.</summary>
    public static async Task<(T? Value, JsonBodyResult? Problem)> ReadJsonAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType("The body must be JSON (Content-Type: application/json)."));
        }

        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiProblems.PayloadTooLarge(maxBytes));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, ApiJson.Options);
            return value is null
                ? (null, ApiProblems.BadRequest("malformed_json", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest("malformed_json", Describe(ex)));
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase));

    // The serializer's own message quotes .NET type names; answer with the field and the kind of mistake only.
    private static string Describe(JsonException ex)
    {
        var field = ex.Path?.TrimStart('$').TrimStart('.');
        var message = ex.Message;
        if (string.IsNullOrEmpty(field) || message.Contains("invalid", StringComparison.OrdinalIgnoreCase) && !message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "The body is not well-formed JSON (or not UTF-8).";
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"{field}: is not a known field.";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return $"{field}: appears more than once.";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "The body is nested too deeply.";
        }

        return $"{field}: has the wrong type or is out of range.";
    }
}
