namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>Reading the expressions that a snapshot leaves for values known only at deployment time.</summary>
public static class Expressions
{
    /// <summary>The value is "[reference('&lt;resource id&gt;', '&lt;api version&gt;').&lt;property&gt;]".</summary>
    public static bool IsReferenceTo(string? value, PredictedResource resource, string property) =>
        value is not null &&
        value.StartsWith($"[reference('{resource.Id}', '", StringComparison.Ordinal) &&
        value.EndsWith($"').{property}]", StringComparison.Ordinal) &&
        value.Count(c => c == '(') == 1;

    /// <summary>The expression reads <paramref name="property"/> of <paramref name="resource"/> somewhere inside.</summary>
    public static bool Reads(string? value, PredictedResource resource, string property) =>
        value is not null &&
        value.Contains($"reference('{resource.Id}', '", StringComparison.Ordinal) &&
        value.Contains($").{property}", StringComparison.Ordinal);
}
