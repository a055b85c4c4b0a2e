using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace JetPayFunctions.Http;

/// <summary>A JSON response written with <see cref="ApiJson.Options"/>, with the headers the API promises (no-store, Location, Retry-After).</summary>
public sealed class JsonBodyResult(int statusCode, object body, string contentType = "application/json") : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object Body { get; } = body;

    public string? Location { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = contentType + "; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), ApiJson.Options, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
