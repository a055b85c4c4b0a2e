using JetPayFunctions.Infrastructure.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace JetPayFunctions.Infrastructure.Tests;

/// <summary>azure.yaml: what `azd up` provisions and what it deploys where.</summary>
public sealed class AzureYamlTests
{
    [Fact]
    public void Service_api_is_the_functions_project_deployed_as_a_dotnet_function_app()
    {
        var api = (YamlMappingNode)Load()["services"]["api"];
        Assert.Equal("./src/JetPayFunctions", api["project"].ToString());
        Assert.Equal("dotnet", api["language"].ToString());
        Assert.Equal("function", api["host"].ToString());
    }

    [Fact]
    public void Infrastructure_is_infra_main_bicep()
    {
        var infra = (YamlMappingNode)Load()["infra"];
        Assert.Equal("bicep", infra["provider"].ToString());
        Assert.Equal("infra", infra["path"].ToString());
        Assert.Equal("main", infra["module"].ToString());
        Assert.True(File.Exists(Path.Combine(Repository.Root, "infra", "main.bicep")));
        Assert.True(File.Exists(Path.Combine(Repository.Root, "infra", "main.parameters.json")));
    }

    internal static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Repository.ReadFile("azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }
}
