using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>
/// Keys that tie in natural order, and repeated keys, against a plain model of PHP: a repeated key keeps the place of
/// its first occurrence and the value of its last, then a stable sort by <see cref="NaturalOrder"/>.
/// </summary>
/// <remarks>
/// strnatcmp is not a consistent order on every set of strings (<c>" a"</c> sorts before <c>"a "</c>, yet both tie with
/// <c>"  a"</c>), and then the outcome depends on the sort algorithm, PHP's as much as ours. The keys here have letters
/// and white space but no digits and no white space at the end, where natural order is the order of the letters alone.
/// </remarks>
public class NaturalTieTests
{
    private static readonly string[] WhiteSpace = [" ", "\t", "\n", "\r", "\f", "\v"];

    [Fact]
    public void Thousands_of_tied_keys_some_repeated_sign_as_php_would()
    {
        var random = new Random(20261129);
        var members = new List<(string Key, string Value)>();
        for (var i = 0; i < 3000; i++)
        {
            var key = i % 7 == 3
                ? members[random.Next(members.Count)].Key
                : WhitespaceVariantOf(i % 50 == 0 ? "ba" : "ab", random);
            members.Add((key, $"v{i}"));
        }

        var json = ToJson(members);
        Assert.True(Encoding.UTF8.GetByteCount(json) < 64 * 1024);
        Assert.Equal(PhpModel(members), SigningStringOf(json));
    }

    [Property]
    public Property Short_keys_of_letters_and_white_space_sign_as_php_would() =>
        Prop.ForAll(
            Arb.From(Gen.Zip(Gen.Elements(" ", "\t", "   ", "\n\t\n\t", "a", "b").ArrayOf().Where(k => k.Length < 5).Select(k => string.Concat(k) + "a"), Gen.Choose(0, 9))
                .ArrayOf().Where(members => members.Length > 0)),
            members =>
            {
                var list = members.Select(m => (m.Item1, m.Item2.ToString())).ToList();
                return SigningStringOf(ToJson(list)) == PhpModel(list);
            });

    private static string WhitespaceVariantOf(string key, Random random)
    {
        for (var spaces = random.Next(1, 6); spaces > 0; spaces--)
        {
            key = key.Insert(random.Next(key.Length), WhiteSpace[random.Next(WhiteSpace.Length)]);
        }

        return key;
    }

    private static string ToJson(IEnumerable<(string Key, string Value)> members) =>
        "{" + string.Join(',', members.Select(m => JsonSerializer.Serialize(m.Key) + ":" + JsonSerializer.Serialize(m.Value))) + "}";

    private static string PhpModel(List<(string Key, string Value)> members)
    {
        var firstPlace = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastValue = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            firstPlace.TryAdd(key, firstPlace.Count);
            lastValue[key] = value;
        }

        return string.Join(';', firstPlace.OrderBy(pair => pair.Value).Select(pair => pair.Key)
            .OrderBy(Encoding.UTF8.GetBytes, Comparer<byte[]>.Create((a, b) => NaturalOrder.Compare(a, b)))
            .Select(key => key + ":" + lastValue[key]));
    }

    private static string SigningStringOf(string json) => PaymentPageSignature.BuildSigningString(Json.Parse(json));
}
