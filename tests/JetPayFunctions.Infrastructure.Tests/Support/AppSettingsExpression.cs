using System.Text.Json.Nodes;

namespace JetPayFunctions.Infrastructure.Tests.Support;

/// <summary>
/// The app settings of a predicted site. When some settings are left out unless given, the Bicep builds the list with
/// spreads, and because other settings are known only at deployment time (<c>reference(…)</c>) the snapshot keeps the
/// whole list as one expression, <c>[flatten(createArray(createArray(createObject('name', '…', 'value', …), …), …))]</c>.
/// This reads each <c>createObject('name', …, 'value', …)</c> out of it, with the condition it sits under, if any.
/// </summary>
public static class AppSettingsExpression
{
    private const string Marker = "createObject('name', '";

    /// <summary>A setting: its name, its value as the snapshot gives a single value (a literal, or "[expression]"), and its guard.</summary>
    public sealed record Setting(string Name, string? Value, string? Condition);

    public static IReadOnlyList<Setting> Read(JsonNode appSettings)
    {
        if (appSettings is JsonArray literal)
        {
            return literal.Select(item => new Setting((string)item!["name"]!, (string?)item["value"], null)).ToArray();
        }

        var text = (string)appSettings!;
        if (!text.StartsWith('[') || !text.EndsWith(']'))
        {
            throw new FormatException($"Not an expression: {text}");
        }

        var expression = text[1..^1];
        var settings = new List<Setting>();
        for (var at = expression.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = expression.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            var nameStart = at + Marker.Length;
            var nameEnd = expression.IndexOf('\'', nameStart);
            var name = expression[nameStart..nameEnd];
            const string ValuePrefix = "', 'value', ";
            if (string.CompareOrdinal(expression, nameEnd, ValuePrefix, 0, ValuePrefix.Length) != 0)
            {
                throw new FormatException($"Unexpected text after the name '{name}'.");
            }

            var valueStart = nameEnd + ValuePrefix.Length;
            var valueEnd = EndOfArgument(expression, valueStart);
            settings.Add(new Setting(name, AsValue(expression[valueStart..valueEnd]), ConditionAround(expression, at)));
        }

        return settings;
    }

    /// <summary>A quoted literal as its text, anything else as "[expression]", as the snapshot writes single values.</summary>
    private static string AsValue(string argument) =>
        argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'' && EndOfArgument(argument, 0) == argument.Length
            ? argument[1..^1].Replace("''", "'", StringComparison.Ordinal)
            : $"[{argument}]";

    /// <summary>The first argument of the innermost <c>if(</c> whose parentheses hold <paramref name="position"/>.</summary>
    private static string? ConditionAround(string expression, int position)
    {
        var depth = 0;
        for (var i = position - 1; i >= 0; i--)
        {
            if (expression[i] == ')')
            {
                depth++;
            }
            else if (expression[i] == '(' && depth > 0)
            {
                depth--;
            }
            else if (expression[i] == '(' && i >= 2 && expression.AsSpan(i - 2, 2).SequenceEqual("if"))
            {
                // An enclosing call that is an if(condition, …): the setting is there only when the condition holds.
                return expression[(i + 1)..EndOfArgument(expression, i + 1)];
            }
        }

        return null;
    }

    /// <summary>Where the argument starting at <paramref name="start"/> ends: at a top-level <c>,</c> or <c>)</c>, or the end.</summary>
    private static int EndOfArgument(string expression, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quoted)
            {
                if (c == '\'')
                {
                    if (i + 1 < expression.Length && expression[i + 1] == '\'')
                    {
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
            }
            else if (c == '\'')
            {
                quoted = true;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                if (depth-- == 0)
                {
                    return i;
                }
            }
            else if (c == ',' && depth == 0)
            {
                return i;
            }
        }

        return expression.Length;
    }
}
