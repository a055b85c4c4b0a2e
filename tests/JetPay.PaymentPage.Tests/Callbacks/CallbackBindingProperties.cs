using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using JetPay.Testing;

namespace JetPay.PaymentPage.Tests.Callbacks;

/// <summary>
/// Generated callbacks and generated changes that keep the signature: every changed body that still verifies is either
/// refused or read as exactly the original callback, with the same digest (so stored once).
/// </summary>
public class CallbackBindingProperties
{
    private static readonly SecretKeys Keys = new(Callbacks.Key);

    private static readonly Gen<string> Word =
        Gen.Elements("abcxyz019_-".ToCharArray()).ArrayOf().Where(chars => chars.Length > 0).Select(chars => new string(chars));

    // Free text as the platform sends it: no ';' (a request with one is refused upstream), ':' and spaces allowed.
    private static readonly Gen<string> Text =
        Gen.Elements("ab Қ:1.0-".ToCharArray()).ArrayOf().Select(chars => new string(chars));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Choose(0, 100000).Select(n => (JsonNode?)JsonValue.Create(n)),
        Text.Select(t => (JsonNode?)JsonValue.Create(t)),
        Gen.Elements(0, 1, 2).Select(kind => kind switch { 0 => (JsonNode?)JsonValue.Create(true), 1 => JsonValue.Create(false), _ => null }));

    private static readonly Gen<JsonNode?> Extra = Gen.OneOf(
        Scalar,
        Scalar.ArrayOf().Select(items => (JsonNode?)new JsonArray(items.ToArray())),
        Gen.Zip(Word, Scalar).ArrayOf().Select(pairs => (JsonNode?)ObjectOf(pairs.DistinctBy(p => p.Item1))));

    private static readonly Gen<JsonObject> Callback =
        from paymentId in Word
        from status in Gen.Elements("success", "decline", "processing", "refunded", "awaiting customer", ":x:success")
        from amount in Gen.Choose(1, 1_000_000_000)
        from currency in Gen.Elements("KZT", "USD", "EUR")
        from description in Text
        from operationId in Gen.Choose(1, int.MaxValue)
        from message in Text
        from extras in Gen.Zip(Word, Extra).ArrayOf()
        select Build(paymentId, status, amount, currency, description, operationId, message, extras);

    private static readonly Gen<int[]> Mutations = Gen.Choose(0, int.MaxValue).ArrayOf().Where(seeds => seeds.Length is > 0 and <= 4);

    [Property(MaxTest = 300)]
    public Property A_body_that_still_verifies_after_any_change_is_refused_or_read_as_the_original() =>
        Prop.ForAll(Arb.From(Gen.Zip(Callback, Mutations)), input => Outcome(input.Item1, input.Item2) != Result.ReadDifferently);

    [Fact]
    public void The_changes_keep_the_signature_often_enough_for_the_property_to_say_something()
    {
        var outcomes = Gen.Zip(Callback, Mutations).Sample(300, 50)
            .Concat(Gen.Zip(Callback, Mutations).Sample(60, 200))
            .Select(input => Outcome(input.Item1, input.Item2))
            .GroupBy(outcome => outcome)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.False(outcomes.ContainsKey(Result.ReadDifferently));
        Assert.True(outcomes.GetValueOrDefault(Result.ReadAsOriginal) >= 25, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(Result.RefusedThoughSigned) >= 10, string.Join(", ", outcomes));
    }

    private enum Result
    {
        NotSigned,
        RefusedThoughSigned,
        ReadAsOriginal,
        ReadDifferently,
    }

    private static Result Outcome(JsonObject callback, int[] seeds)
    {
        var signature = JsonNode.Parse(SignedCallbacks.Sign(callback, Callbacks.Key))!["signature"]!.GetValue<string>();
        // An original that is refused (a status starting with ':') may be read in no spelling at all.
        var original = CallbackSignature.TryVerifyAndParse(SignedCallbacks.Sign(callback, Callbacks.Key), Keys, out var originalCallback, out _)
            ? JsonSerializer.Serialize(originalCallback)
            : null;

        var tree = Tree.From(callback);
        foreach (var seed in seeds)
        {
            tree = Mutate(tree, callback, new Random(seed));
        }

        var body = Encoding.UTF8.GetBytes(((Tree.Object)tree).With("signature", new Tree.Raw(JsonSerializer.Serialize(signature))).ToJson(new Random(seeds[0])));
        if (!PaymentPageSignature.Verify(body, Callbacks.Key))
        {
            return Result.NotSigned;
        }

        if (!CallbackSignature.TryVerifyAndParse(body, Keys, out var read, out _))
        {
            return Result.RefusedThoughSigned;
        }

        return JsonSerializer.Serialize(read) == original ? Result.ReadAsOriginal : Result.ReadDifferently;
    }

    private static Tree Mutate(Tree tree, JsonObject callback, Random random) => random.Next(10) switch
    {
        0 => tree.Rewrite(random, node => node is Tree.Object o ? o with { Members = o.Members.OrderBy(_ => random.Next()).ToList() } : node),
        1 => tree.Rewrite(random, node => node is Tree.Raw raw ? raw.Respelled(random) : node),
        2 => tree.Rewrite(random, node => node switch
        {
            Tree.Array a => new Tree.Object(a.Items.Select((item, i) => (i.ToString(CultureInfo.InvariantCulture), item)).ToList()),
            Tree.Object { Members.Count: 0 } => new Tree.Array([]),
            _ => node,
        }),
        3 => tree.Rewrite(random, node => node is Tree.Object o ? o.With("frame_mode", new Tree.Raw("\"iframe\"")) : node),
        4 => tree.Rewrite(random, node => node is Tree.Object o ? o with { Members = [.. o.Members, ("empty", random.Next(2) == 0 ? new Tree.Object([]) : new Tree.Array([]))] } : node),
        5 => Forged(tree, random.Next(2) == 0 ? "" : "0"),
        6 => tree.Rewrite(random, node => node is Tree.Object o && o.Members.Count > 0
            ? o with { Members = [(o.Members[0].Key, new Tree.Raw("\"other\"")), .. o.Members] }
            : node),
        9 => tree.Rewrite(random, node => node is Tree.Object o ? o with { Members = o.Members.Select(ColonMoved).ToList() } : node),
        _ => Resegmented(callback, random) ?? tree,
    };

    /// <summary>
    /// <c>"k":":a:b"</c> as <c>"k:a":"b"</c> and back: both sign as <c>k::a:b</c>.
    /// </summary>
    private static (string Key, Tree Value) ColonMoved((string Key, Tree Value) member)
    {
        if (member.Value is Tree.Raw { Json: ['"', ..] } raw && JsonSerializer.Deserialize<string>(raw.Json) is [':', .. var rest] && rest.IndexOf(':') is var colon and > 0)
        {
            return (member.Key + ":" + rest[..colon], new Tree.Raw(JsonSerializer.Serialize(rest[(colon + 1)..])));
        }

        if (member.Value is Tree.Raw { Json: ['"', ..] } value && member.Key.IndexOf(':') is var at and > 0)
        {
            return (member.Key[..at], new Tree.Raw(JsonSerializer.Serialize(":" + member.Key[(at + 1)..] + ":" + JsonSerializer.Deserialize<string>(value.Json))));
        }

        return member;
    }

    /// <summary>The whole body moved under a key that drops out of the path, after a payment of the attacker's choosing.</summary>
    private static Tree Forged(Tree tree, string key) => new Tree.Object(
    [
        ("payment", new Tree.Object([("id", new Tree.Raw("\"victim\"")), ("status", new Tree.Raw("\"success\""))])),
        (key, tree),
    ]);

    /// <summary>
    /// The signing string read back into entries another way: some entries joined into one value, some split between
    /// path and value at another <c>:</c>; then built into JSON, if the paths make one.
    /// </summary>
    private static Tree? Resegmented(JsonObject callback, Random random)
    {
        var signing = PaymentPageSignature.BuildSigningString(Json.Parse(callback.ToJsonString()));
        var segments = signing.Split(';').ToList();
        var merged = random.Next(segments.Count);
        if (random.Next(2) == 0 && merged + 1 < segments.Count)
        {
            segments[merged] += ";" + segments[merged + 1];
            segments.RemoveAt(merged + 1);
        }

        var resplit = random.Next(segments.Count);
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            var colons = Enumerable.Range(0, segment.Length).Where(i => segment[i] == ':').ToList();
            var split = s == resplit ? colons[random.Next(colons.Count)] : OriginalSplit(segment);
            if (split < 0)
            {
                return null;
            }

            var keys = segment[..split].Split(':');
            var container = root;
            foreach (var key in keys[..^1])
            {
                if (!container.TryGetValue(key, out var child))
                {
                    child = new Dictionary<string, object>(StringComparer.Ordinal);
                    container[key] = child;
                }

                if (child is not Dictionary<string, object> next)
                {
                    return null;
                }

                container = next;
            }

            if (!container.TryAdd(keys[^1], segment[(split + 1)..]))
            {
                return null;
            }
        }

        return Tree.From(root);
    }

    /// <summary>Where the original path ends: the generated keys hold no ':', so at the last ':' of the path's depth.</summary>
    private static int OriginalSplit(string segment)
    {
        var depth = segment.StartsWith("payment:sum:", StringComparison.Ordinal) || segment.StartsWith("operation:sum_", StringComparison.Ordinal)
            || segment.StartsWith("operation:provider:", StringComparison.Ordinal) ? 3
            : segment.StartsWith("project_id:", StringComparison.Ordinal) ? 1 : 2;
        var at = -1;
        for (var i = 0; i < depth; i++)
        {
            at = segment.IndexOf(':', at + 1);
            if (at < 0)
            {
                return -1;
            }
        }

        return at;
    }

    private static JsonObject Build(string paymentId, string status, int amount, string currency, string description, int operationId, string message, (string, JsonNode?)[] extras)
    {
        var callback = new JsonObject
        {
            ["project_id"] = 123,
            ["payment"] = new JsonObject
            {
                ["id"] = "order-" + paymentId,
                ["type"] = "purchase",
                ["status"] = status,
                ["date"] = "2026-11-28T11:08:45+0000",
                ["sum"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
                ["description"] = description,
            },
            ["customer"] = new JsonObject { ["id"] = "customer_123" },
            ["operation"] = new JsonObject
            {
                ["id"] = operationId,
                ["status"] = status,
                ["sum_initial"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
                ["code"] = "0",
                ["message"] = message,
                ["provider"] = new JsonObject { ["id"] = 12345, ["payment_id"] = "123abc123-321", ["auth_code"] = "" },
            },
        };
        foreach (var (key, value) in extras.DistinctBy(e => e.Item1))
        {
            callback["extra_" + key] = value;
        }

        return callback;
    }

    private static JsonObject ObjectOf(IEnumerable<(string, JsonNode?)> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>JSON as written, so that a key can repeat and a number keep its spelling.</summary>
    private abstract record Tree
    {
        public static Tree From(object? value) => value switch
        {
            JsonObject o => new Object(o.Select(p => (p.Key, From(p.Value))).ToList()),
            JsonArray a => new Array(a.Select(From).ToList()),
            JsonNode n => new Raw(n.ToJsonString()),
            Dictionary<string, object> d => new Object(d.Select(p => (p.Key, From(p.Value))).ToList()),
            string s => new Raw(JsonSerializer.Serialize(s)),
            _ => new Raw("null"),
        };

        /// <summary>Applies <paramref name="change"/> to one node chosen at random, or to every object for a whole-tree change.</summary>
        public Tree Rewrite(Random random, Func<Tree, Tree> change)
        {
            var nodes = Count();
            var target = random.Next(nodes);
            var index = 0;
            return Walk(this, ref index, target, change);
        }

        public abstract string ToJson(Random random);

        private int Count() => this switch
        {
            Object o => 1 + o.Members.Sum(m => m.Value.Count()),
            Array a => 1 + a.Items.Sum(i => i.Count()),
            _ => 1,
        };

        private static Tree Walk(Tree node, ref int index, int target, Func<Tree, Tree> change)
        {
            if (index++ == target)
            {
                return change(node);
            }

            switch (node)
            {
                case Object o:
                    var members = new List<(string, Tree)>();
                    foreach (var (key, value) in o.Members)
                    {
                        members.Add((key, Walk(value, ref index, target, change)));
                    }

                    return new Object(members);
                case Array a:
                    var items = new List<Tree>();
                    foreach (var item in a.Items)
                    {
                        items.Add(Walk(item, ref index, target, change));
                    }

                    return new Array(items);
                default:
                    return node;
            }
        }

        private static string Space(Random random) => random.Next(4) == 0 ? " \n\t"[..random.Next(1, 4)] : "";

        public sealed record Object(List<(string Key, Tree Value)> Members) : Tree
        {
            public Object With(string key, Tree value) => new([.. Members, (key, value)]);

            public override string ToJson(Random random) =>
                "{" + string.Join(",", Members.Select(m => Space(random) + JsonSerializer.Serialize(m.Key) + ":" + Space(random) + m.Value.ToJson(random))) + Space(random) + "}";
        }

        public sealed record Array(List<Tree> Items) : Tree
        {
            public override string ToJson(Random random) => "[" + string.Join(",", Items.Select(i => Space(random) + i.ToJson(random))) + "]";
        }

        public sealed record Raw(string Json) : Tree
        {
            /// <summary>Another JSON spelling that signs alike: a number as a string or with a fraction or exponent, true as 1, null as "".</summary>
            public Tree Respelled(Random random)
            {
                if (long.TryParse(Json, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return new Raw(random.Next(4) switch
                    {
                        0 => "\"" + Json + "\"",
                        1 => Json + ".0",
                        2 => Json + "e0",
                        _ => number < 100_000_000_000 ? (number * 10).ToString(CultureInfo.InvariantCulture) + "E-1" : Json,
                    });
                }

                if (Json.Length > 2 && Json[0] == '"' && long.TryParse(Json[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var digits)
                    && digits.ToString(CultureInfo.InvariantCulture) == Json[1..^1])
                {
                    return new Raw(Json[1..^1]);
                }

                return new Raw(Json switch
                {
                    "true" => random.Next(2) == 0 ? "1" : "\"1\"",
                    "false" => "\"0\"",
                    "null" => "\"\"",
                    "\"\"" => "null",
                    _ => Json,
                });
            }

            public override string ToJson(Random random) => Json;
        }
    }
}
