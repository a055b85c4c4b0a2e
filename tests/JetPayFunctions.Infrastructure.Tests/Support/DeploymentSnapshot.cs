using System.Text.Json.Nodes;

namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>
/// What `bicep snapshot` predicts a deployment of main.bicep with one parameter file creates: every resource of
/// every module, with the expressions that can be known before deployment evaluated. Values that exist only at
/// deployment time stay expressions, such as "[reference('…').clientId]"; secure parameters are never evaluated.
/// </summary>
public sealed class DeploymentSnapshot
{
    private DeploymentSnapshot(string environment, string text, IReadOnlyList<PredictedResource> resources, JsonObject outputs)
    {
        Environment = environment;
        Text = text;
        Resources = resources;
        Outputs = outputs;
    }

    public string Environment { get; }

    public string Text { get; }

    public IReadOnlyList<PredictedResource> Resources { get; }

    public JsonObject Outputs { get; }

    public static DeploymentSnapshot Parse(string environment, string text)
    {
        var root = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("Empty snapshot.");
        var resources = root["predictedResources"]?.AsArray()
            .Select(node => new PredictedResource(node!.AsObject()))
            .ToArray() ?? [];
        return new DeploymentSnapshot(environment, text, resources, root["outputs"]?.AsObject() ?? []);
    }

    public IEnumerable<PredictedResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    public PredictedResource Single(string type)
    {
        var matches = OfType(type).ToArray();
        Assert.True(matches.Length == 1, $"{Environment}: expected one {type}, found {matches.Length}.");
        return matches[0];
    }

    public override string ToString() => Environment;
}

public sealed class PredictedResource(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Id => (string)Json["id"]!;

    public string Type => (string)Json["type"]!;

    public string Name => (string)Json["name"]!;

    /// <summary>The last segment of the name: the container's name rather than account/default/container.</summary>
    public string ShortName => Name.Split('/')[^1];

    /// <summary>The condition of a resource deployed only sometimes, as an expression; null for one always deployed.</summary>
    public string? Condition => (string?)Json["condition"];

    public JsonNode? Properties => Json["properties"];

    /// <summary>The value at a dotted path, such as "properties.siteConfig.minTlsVersion".</summary>
    public JsonNode? At(string path)
    {
        JsonNode? node = Json;
        foreach (var segment in path.Split('.'))
        {
            node = node?[segment];
        }

        return node;
    }

    public override string ToString() => $"{Type} {Name}";
}
