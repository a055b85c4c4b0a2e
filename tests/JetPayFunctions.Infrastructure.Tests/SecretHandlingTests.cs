using System.Text.RegularExpressions;
using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>
/// Over the compiled ARM template, main and every module: no keys are read, and a secret handed to the deployment
/// goes into Key Vault and nowhere else.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class SecretHandlingTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void No_template_calls_a_list_function_such_as_listKeys()
    {
        var calls = AllStrings().Where(s => IsExpression(s.Value) && ListFunctionCall().IsMatch(s.Value)).ToArray();
        Assert.True(calls.Length == 0, string.Join('\n', calls.Select(s => $"{s.Template} {s.Path}: {s.Value}")));
    }

    [Fact]
    public void No_template_writes_a_connection_string_with_an_account_key()
    {
        string[] forbidden = ["AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "DefaultEndpointsProtocol="];
        var hits = AllStrings().Where(s => forbidden.Any(f => s.Value.Contains(f, StringComparison.OrdinalIgnoreCase))).ToArray();
        Assert.True(hits.Length == 0, string.Join('\n', hits.Select(s => $"{s.Template} {s.Path}: {s.Value}")));
    }

    [Fact]
    public void The_jetpay_and_notification_secrets_are_secure_parameters()
    {
        Assert.Equal(
            ["jetPayPreviousSecretKey", "jetPaySecretKey", "smtpPassword", "webhookPreviousSecret", "webhookSecret"],
            infrastructure.MainTemplate.SecureParameters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Secure_parameters_have_no_default_but_the_empty_string()
    {
        foreach (var template in infrastructure.MainTemplate.SelfAndModules())
        {
            foreach (var name in template.SecureParameters)
            {
                var defaultValue = template.Parameters[name]?["defaultValue"];
                Assert.True(defaultValue is null || (string?)defaultValue == string.Empty, $"{template} {name} has a default.");
            }
        }
    }

    /// <summary>
    /// A secure parameter may be (1) the value of a Key Vault secret, (2) handed on to a secure parameter of a module,
    /// or (3) tested for emptiness. Anything else (an app setting, an output, a tag, a name) is a leak.
    /// </summary>
    [Fact]
    public void Secure_parameters_reach_only_key_vault_secrets()
    {
        var leaks = new List<string>();
        foreach (var template in infrastructure.MainTemplate.SelfAndModules())
        {
            var secure = template.SecureParameters.ToArray();
            var modules = template.Modules.ToDictionary(module => module.Name, module => module.Template, StringComparer.Ordinal);
            foreach (var (section, path, value) in TemplateStrings(template))
            {
                foreach (var parameter in secure)
                {
                    var uses = Regex.Count(value, $@"parameters\('{parameter}'\)");
                    var emptinessTests = Regex.Count(value, $@"empty\(parameters\('{parameter}'\)\)");
                    var wholeValue = value == $"[parameters('{parameter}')]" && IsSecretSink(template, modules, section, path) ? 1 : 0;
                    if (uses > emptinessTests + wholeValue)
                    {
                        leaks.Add($"{template} {section}.{path}: {value}");
                    }
                }
            }
        }

        Assert.True(leaks.Count == 0, "Secure parameters used outside Key Vault secrets:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public void Outputs_refer_to_no_secure_parameter_and_no_list_function()
    {
        foreach (var template in infrastructure.MainTemplate.SelfAndModules())
        {
            foreach (var (_, value) in ArmTemplate.Strings(template.Outputs))
            {
                Assert.False(IsExpression(value) && ListFunctionCall().IsMatch(value), value);
                Assert.All(template.SecureParameters, parameter => Assert.DoesNotContain($"parameters('{parameter}')", value, StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Data.Environments), MemberType = typeof(Data))]
    public void The_predicted_deployment_holds_no_secret_value(string environment)
    {
        var text = infrastructure.Snapshot(environment).Text;
        Assert.All(DeploymentInputs.SecretValues, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    private static bool IsSecretSink(ArmTemplate template, Dictionary<string, ArmTemplate> modules, string section, string path)
    {
        if (!section.StartsWith("resources.", StringComparison.Ordinal))
        {
            return false;
        }

        var resourceName = section["resources.".Length..];
        var resource = template.Resources.Single(r => r.Name == resourceName).Resource;
        var type = (string?)resource["type"];
        if (type == ResourceTypes.KeyVaultSecret)
        {
            return path == "properties.value";
        }

        // properties.parameters.<name>.value of a module, where <name> is secure in the module's template.
        var match = Regex.Match(path, @"^properties\.parameters\.(?<name>[^.]+)\.value$");
        return type == ArmTemplate.DeploymentsType &&
            match.Success &&
            modules[resourceName].SecureParameters.Contains(match.Groups["name"].Value);
    }

    /// <summary>Every string of a template but the parameter declarations, by section ("resources.keyVault", "outputs", …).</summary>
    private static IEnumerable<(string Section, string Path, string Value)> TemplateStrings(ArmTemplate template)
    {
        foreach (var (name, resource) in template.Resources)
        {
            foreach (var (path, value) in ArmTemplate.Strings(resource))
            {
                yield return ($"resources.{name}", path, value);
            }
        }

        foreach (var section in new[] { "variables", "outputs", "functions" })
        {
            foreach (var (path, value) in ArmTemplate.Strings(template.Json[section]))
            {
                yield return (section, path, value);
            }
        }
    }

    private IEnumerable<(ArmTemplate Template, string Path, string Value)> AllStrings() =>
        infrastructure.MainTemplate.SelfAndModules().SelectMany(template =>
            TemplateStrings(template).Select(s => (template, $"{s.Section}.{s.Path}", s.Value)));

    private static bool IsExpression(string value) =>
        value.StartsWith('[') && !value.StartsWith("[[", StringComparison.Ordinal);

    [GeneratedRegex(@"\blist[A-Za-z]*\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunctionCall();
}
