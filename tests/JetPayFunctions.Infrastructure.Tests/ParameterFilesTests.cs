using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JetPayFunctions.Infrastructure.Tests.Support;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>infra/main.parameters.json (for azd) and infra/env/*.bicepparam (for az deployment group create).</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class ParameterFilesTests(InfrastructureFixture infrastructure)
{
    public static TheoryData<string> BicepParamFiles => new(Repository.BicepParamFiles);

    [Fact]
    public void Main_template_deploys_into_a_resource_group_as_azd_and_az_deployment_group_create_expect()
    {
        Assert.EndsWith("/deploymentTemplate.json#", (string?)infrastructure.MainTemplate.Json["$schema"], StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_parameters_give_every_parameter_main_requires()
    {
        var required = infrastructure.MainTemplate.Parameters.Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key);
        Assert.Empty(required.Except(AzdParameters().Select(p => p.Key)));
    }

    [Fact]
    public void Azd_parameters_name_only_parameters_main_declares() =>
        Assert.Empty(AzdParameters().Select(p => p.Key).Except(infrastructure.MainTemplate.Parameters.Select(p => p.Key)));

    [Fact]
    public void Azd_parameters_take_secure_values_from_the_azd_environment_only()
    {
        var parameters = AzdParameters();
        Assert.All(infrastructure.MainTemplate.SecureParameters.Where(parameters.ContainsKey), name =>
            Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", (string?)parameters[name]?["value"]));
    }

    [Fact]
    public void Azd_parameters_take_the_environment_name_and_location_from_azd()
    {
        var parameters = AzdParameters();
        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]?["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]?["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["deployerPrincipalId"]?["value"]);
    }

    [Fact]
    public void Azd_parameters_name_the_kind_of_principal_azd_signed_in_as_so_that_a_service_principal_gets_its_role()
    {
        // azd sets AZURE_PRINCIPAL_TYPE (User, or ServicePrincipal in CI); a role assignment with the wrong kind fails
        // with UnmatchedPrincipalType. Where azd does not set it, User.
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", (string?)AzdParameters()["deployerPrincipalType"]?["value"]);
        var allowed = infrastructure.MainTemplate.Parameters["deployerPrincipalType"]!["allowedValues"]!.AsArray().Select(v => (string?)v);
        Assert.Contains("ServicePrincipal", allowed);
    }

    [Theory]
    [MemberData(nameof(BicepParamFiles))]
    public void Parameter_file_reads_secure_values_from_environment_variables_only(string file)
    {
        var assignments = ParamAssignment().Matches(Repository.ReadFile($"infra/{file}"))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value.Trim(), StringComparer.Ordinal);
        Assert.All(infrastructure.MainTemplate.SecureParameters.Where(assignments.ContainsKey), name =>
            Assert.StartsWith("readEnvironmentVariable('", assignments[name], StringComparison.Ordinal));
        Assert.Contains("jetPaySecretKey", assignments.Keys);
    }

    [Theory]
    [MemberData(nameof(BicepParamFiles))]
    public void Parameter_file_uses_main_bicep(string file) =>
        Assert.Contains("using '../main.bicep'", Repository.ReadFile($"infra/{file}"), StringComparison.Ordinal);

    private static JsonObject AzdParameters() =>
        JsonNode.Parse(Repository.ReadFile("infra/main.parameters.json"))!["parameters"]!.AsObject();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s*=\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex ParamAssignment();
}
