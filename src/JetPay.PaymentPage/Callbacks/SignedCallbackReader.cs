using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// Reads the typed callback from its signed entries, never from the JSON: a value is taken as the signer writes it
/// (<c>10000</c>, <c>1e4</c>, <c>10000.0</c> and <c>"10000"</c> are all <c>10000</c>; <c>true</c> is <c>1</c>; <c>null</c>
/// is empty), so that two bodies with the same signing string read alike, or are refused.
/// </summary>
internal static class SignedCallbackReader
{
    /// <summary>The fields of a purchase result the protocol documents; each is bound strictly, whether typed or not.</summary>
    private static readonly string[] Fields =
    [
        "project_id", "payment:id", "payment:type", "payment:status", "payment:date", "payment:method", "payment:sum:amount",
        "payment:sum:currency", "customer:id", "operation:id", "operation:type", "operation:status", "operation:date",
        "operation:created_date", "operation:request_id", "operation:sum_initial:amount", "operation:sum_initial:currency",
        "operation:sum_converted:amount", "operation:sum_converted:currency", "operation:code", "operation:provider:id",
        "operation:provider:payment_id", "operation:provider:auth_code",
    ];

    /// <summary>The objects those fields sit in: each must be an object, never a value.</summary>
    private static readonly string[] Containers =
        ["payment", "payment:sum", "customer", "operation", "operation:sum_initial", "operation:sum_converted", "operation:provider"];

    private static readonly byte[][] FieldPaths = [.. Fields.Select(Encoding.UTF8.GetBytes)];
    private static readonly byte[][] ContainerPaths = [.. Containers.Select(Encoding.UTF8.GetBytes)];
    private static readonly int LongestField = Fields.Max(field => field.Length);

    /// <summary>The typed callback from sorted entries whose signature holds, or the reason it cannot be read unambiguously.</summary>
    public static CallbackRejection Read(SigningEntries entries, out PaymentCallback? callback)
    {
        callback = null;
        if (!BindsOneToOne(entries))
        {
            return CallbackRejection.AmbiguousSigning;
        }

        Span<int> found = stackalloc int[Fields.Length]; // the entry of each field, or -1
        found.Fill(-1);
        var signed = new SignedEntry[entries.Count];
        var misplaced = false;
        for (int i = 0, start = 0; i < entries.Count; start += signed[i].Length + 1, i++)
        {
            var path = entries.PathAt(i);
            var value = entries.ValueAt(i);
            signed[i] = new SignedEntry(start, path.Length, path.Length + 1 + value.Length);
            if (FieldOf(path) is var field and >= 0)
            {
                found[field] = i;
            }

            // An object written as null or "" is absent: nothing under it can be read, and no other body signs alike.
            misplaced |= (IsContainer(path) && !value.IsEmpty) || EndOfFieldAbove(path) >= 0;
        }

        var read = new FoundFields(entries, found);
        var paymentId = read.Text("payment:id");
        if (string.IsNullOrWhiteSpace(paymentId))
        {
            return CallbackRejection.MissingPaymentId;
        }

        var status = PaymentStatus.Parse(read.Text("payment:status"));

        // The sum is acted on only for a success (a sum other than the one asked for holds the payment for review); with
        // another status reported, an unreadable sum is read as none rather than costing the callback.
        var sumCanBeLeftOut = read.Has("payment:status") && status != PaymentStatus.Success;
        var sum = read.Sum("payment:sum:amount", "payment:sum:currency");
        var hasSum = read.Has("payment:sum:amount") || read.Has("payment:sum:currency");
        var projectId = read.Int64("project_id");
        if (misplaced || (read.Has("project_id") && projectId is null) || (hasSum && sum is null && !sumCanBeLeftOut))
        {
            return CallbackRejection.UnreadableField;
        }

        var payment = new CallbackPayment
        {
            Id = paymentId,
            Type = read.Text("payment:type"),
            Status = status,
            Date = read.Text("payment:date"),
            Sum = sum,
        };
        callback = new PaymentCallback(entries.SigningString, signed, Convert.ToHexStringLower(SHA256.HashData(entries.SigningString)), payment)
        {
            ProjectId = projectId,
            Operation = found[Array.IndexOf(Fields, "operation:id")..].ContainsAnyExcept(-1) // the operation's fields come last
                ? new CallbackOperation
                {
                    Id = read.Int64("operation:id"),
                    Type = read.Text("operation:type"),
                    Status = read.Text("operation:status"),
                    Code = read.Text("operation:code"),
                }
                : null,
        };
        return CallbackRejection.None;
    }

    /// <summary>
    /// The one-to-one rule: what the signature covers is exactly what the app acts on. JetPay's signing string follows
    /// PHP's flattening, which is not one-to-one with the JSON: an empty key or a parent path of <c>0</c> drops out of the
    /// path, a path that occurs twice keeps its last value, keys starting or ending with <c>:</c> make two paths alike, and
    /// a <c>;</c> inside a value can stand for the separator between entries. So a callback is accepted only if its
    /// flattening into signing entries is one-to-one: no key drops out, no object holds a key twice, no two leaves share a
    /// path, no key holds a <c>;</c>, no value could hold another entry the app reads, no field the app reads holds a
    /// <c>;</c> followed by a <c>:</c> or starts with a <c>:</c>, and no key beside a field the app reads starts with that
    /// field's name and a <c>:</c> (<c>{"status:x":"y"}</c> and <c>{"status":":x:y"}</c> both sign as <c>status::x:y</c>).
    /// </summary>
    private static bool BindsOneToOne(SigningEntries entries)
    {
        if (entries.LostKey || entries.RepeatedKey || entries.RepeatedPath)
        {
            return false;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var path = entries.PathAt(i);
            var value = entries.ValueAt(i);
            if (path.Contains((byte)';') || CouldHideAReadEntry(value) || (EndOfFieldAbove(path) is var end and >= 0 && end + 1 < path.Length && path[end + 1] == (byte)':'))
            {
                return false;
            }

            if (FieldOf(path) >= 0 && (value.StartsWith(":"u8) || (value.IndexOf((byte)';') is var semicolon and >= 0 && value[semicolon..].Contains((byte)':'))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A <c>;</c> followed by a path the callback reads: the rest of the value could be that entry.</summary>
    private static bool CouldHideAReadEntry(ReadOnlySpan<byte> value)
    {
        for (var at = value.IndexOf((byte)';'); at >= 0; at = value.IndexOf((byte)';'))
        {
            value = value[(at + 1)..];
            if (value.StartsWith("payment:"u8) || value.StartsWith("operation:"u8) || value.StartsWith("customer:"u8) || value.StartsWith("project_id:"u8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a path goes on below a field the callback reads (<c>payment:id:x</c>, or <c>payment:id::x</c> for a key
    /// <c>id:x</c>): the index of the <c>:</c> after the field, or -1.
    /// </summary>
    private static int EndOfFieldAbove(ReadOnlySpan<byte> path)
    {
        for (var colon = path.IndexOf((byte)':'); colon >= 0 && colon <= LongestField; colon = NextColon(path, colon))
        {
            if (FieldOf(path[..colon]) >= 0)
            {
                return colon;
            }
        }

        return -1;
    }

    private static int NextColon(ReadOnlySpan<byte> path, int colon) =>
        path[(colon + 1)..].IndexOf((byte)':') is var next and >= 0 ? colon + 1 + next : -1;

    /// <summary>The index of a path in <see cref="Fields"/>, or -1.</summary>
    private static int FieldOf(ReadOnlySpan<byte> path) => IndexOf(FieldPaths, path);

    private static bool IsContainer(ReadOnlySpan<byte> path) => IndexOf(ContainerPaths, path) >= 0;

    private static int IndexOf(byte[][] paths, ReadOnlySpan<byte> path)
    {
        for (var i = 0; i < paths.Length; i++)
        {
            if (path.SequenceEqual(paths[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The values of the fields found, as the signing string writes them.</summary>
    private readonly ref struct FoundFields(SigningEntries entries, ReadOnlySpan<int> found)
    {
        private readonly ReadOnlySpan<int> _found = found;

        public bool Has(string field) => _found[Array.IndexOf(Fields, field)] >= 0;

        public string? Text(string field) => Has(field) ? Encoding.UTF8.GetString(Value(field)) : null;

        /// <summary>An integer as the signing string writes it (digits, an optional <c>-</c>), or <see langword="null"/>.</summary>
        public long? Int64(string field) =>
            Has(field) && Value(field) is [not (byte)'+', ..] text && Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length
                ? value
                : null;

        /// <summary>A sum with an integer amount and a currency, or <see langword="null"/>.</summary>
        public CallbackSum? Sum(string amountField, string currencyField) =>
            Int64(amountField) is { } amount && Text(currencyField) is { Length: > 0 } currency ? new CallbackSum(amount, currency) : null;

        private ReadOnlySpan<byte> Value(string field) => entries.ValueAt(_found[Array.IndexOf(Fields, field)]);
    }
}
