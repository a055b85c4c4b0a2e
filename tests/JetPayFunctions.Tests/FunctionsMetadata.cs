using System.Text.Json;

namespace JetPayFunctions.Tests;

/// <summary>The functions as the Worker SDK wrote them into <c>functions.metadata</c> at build time: what the host loads.</summary>
public static class FunctionsMetadata
{
    private static readonly Lazy<JsonElement[]> Functions = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), "functions.metadata was not written by the build");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static IReadOnlyList<JsonElement> All => Functions.Value;

    /// <summary>A function's trigger: its one binding in.</summary>
    public static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In");

    public static IEnumerable<JsonElement> HttpTriggers() =>
        All.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger");
}
