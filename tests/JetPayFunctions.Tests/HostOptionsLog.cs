using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JetPayFunctions.Tests;

/// <summary>The options the Functions host logs at start-up (<c>QueuesOptions</c>, ...) as it applies them.</summary>
public static partial class HostOptionsLog
{
    /// <summary>The last block logged under <paramref name="name"/>, as JSON.</summary>
    public static JsonObject Read(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindLastIndex(l => TimestampPrefix().Replace(l, string.Empty) == name);
        Assert.True(start >= 0, $"the host did not log {name}");
        var json = new List<string>();
        foreach (var line in lines.Skip(start + 1).Select(l => TimestampPrefix().Replace(l, string.Empty)))
        {
            json.Add(line);
            if (line == "}")
            {
                break;
            }
        }

        return JsonNode.Parse(string.Join('\n', json))!.AsObject();
    }

    [GeneratedRegex(@"^\[[^\]]+\] ")]
    private static partial Regex TimestampPrefix();
}
