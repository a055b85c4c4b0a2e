using System.Text.Json.Nodes;

namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>A compiled ARM template (what `bicep build` writes), with the templates of its modules nested inside.</summary>
public sealed class ArmTemplate(string location, JsonObject json)
{
    public const string DeploymentsType = "Microsoft.Resources/deployments";

    /// <summary>Where the template sits: "main", "main/keyVault", and so on.</summary>
    public string Location { get; } = location;

    public JsonObject Json { get; } = json;

    public JsonObject Parameters => Json["parameters"]?.AsObject() ?? [];

    public JsonObject Outputs => Json["outputs"]?.AsObject() ?? [];

    public IEnumerable<string> SecureParameters =>
        Parameters
            .Where(parameter => ((string?)parameter.Value?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
            .Select(parameter => parameter.Key);

    /// <summary>Resources by symbolic name (language version 2.0 keeps them in an object) or by index.</summary>
    public IEnumerable<(string Name, JsonObject Resource)> Resources =>
        Json["resources"] switch
        {
            JsonObject byName => byName.Select(pair => (pair.Key, pair.Value!.AsObject())),
            JsonArray list => list.Select((node, index) => (index.ToString(System.Globalization.CultureInfo.InvariantCulture), node!.AsObject())),
            _ => [],
        };

    /// <summary>Resources this template deploys, without the existing ones it only refers to.</summary>
    public IEnumerable<(string Name, JsonObject Resource)> DeployedResources =>
        Resources.Where(pair => pair.Resource["existing"]?.GetValue<bool>() != true);

    public IEnumerable<(string Name, JsonObject Resource, ArmTemplate Template)> Modules =>
        Resources
            .Where(pair => (string?)pair.Resource["type"] == DeploymentsType)
            .Select(pair => (pair.Name, pair.Resource, new ArmTemplate($"{Location}/{pair.Name}", pair.Resource["properties"]!["template"]!.AsObject())));

    public IEnumerable<ArmTemplate> SelfAndModules() =>
        Modules.SelectMany(module => module.Template.SelfAndModules()).Prepend(this);

    public static ArmTemplate Load(string path) =>
        new("main", JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidOperationException($"{path} is empty."));

    /// <summary>Every string value under <paramref name="node"/> with its dotted path, without descending into nested templates.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "template" && path.EndsWith("properties", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // A property name may be an expression too.
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    yield return (childPath + "#name", key);
                    foreach (var item in Strings(child, childPath))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    foreach (var item in Strings(array[index], $"{path}[{index}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    public override string ToString() => Location;
}
