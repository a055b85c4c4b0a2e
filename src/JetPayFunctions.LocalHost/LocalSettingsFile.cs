using System.Text.Json;

namespace JetPayFunctions.LocalHost;

/// <summary>
/// Reads a Core Tools <c>local.settings.json</c>, so both hosts share one settings file: its <c>Values</c> (keys use
/// <c>__</c> for sections, as environment variables do) and its <c>Host</c> section (as <c>Host:CORS</c> …).
/// </summary>
internal static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    /// <summary>The first <c>local.settings.json</c> in the working directory or one of its parents.</summary>
    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static IReadOnlyList<KeyValuePair<string, string?>> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return [.. Section(document.RootElement, "Values", name => name.Replace("__", ":", StringComparison.Ordinal)), .. Section(document.RootElement, "Host", name => "Host:" + name)];
    }

    private static IEnumerable<KeyValuePair<string, string?>> Section(JsonElement root, string name, Func<string, string> key) =>
        root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section.EnumerateObject().Select(p => KeyValuePair.Create(key(p.Name), p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())).ToList()
            : [];
}
