using System.Buffers.Text;
using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// Reads the typed callback from its signing entries, that is from what the signature covers, never from the JSON:
/// a value is taken as the signer writes it (<c>10000</c>, <c>1e4</c>, <c>10000.0</c> and <c>"10000"</c> are all
/// <c>10000</c>; <c>true</c> is <c>1</c>; <c>null</c> is empty), so that two bodies with the same signing string read
/// alike or are refused.
/// </summary>
/// <remarks>
/// Besides the one-to-one flattening (<see cref="SigningEntries.IsOneToOne"/>), two things would let one signing
/// string be read two ways, and are refused: a value holding <c>;</c> followed by text that could be another entry
/// (a value taken from a field the callback reads, with a <c>:</c> after the <c>;</c>; any value, with a path the
/// callback reads after the <c>;</c>); and a field the callback reads standing where its parent or its children should
/// (<c>"sum":"amount:1"</c>, <c>"id":{"x":1}</c>).
/// Free text (<c>payment.description</c>, <c>operation.message</c>) is not read: the app acts on none of it, it stays in
/// the stored body, and a genuine <c>"Declined; code: 05"</c> must not cost a callback. Only the first rule applies to it.
/// </remarks>
internal static class SignedCallbackReader
{
    private enum Field
    {
        ProjectId,
        PaymentId,
        PaymentType,
        PaymentStatus,
        PaymentDate,
        PaymentMethod,
        PaymentAmount,
        PaymentCurrency,
        CustomerId,
        OperationId,
        OperationType,
        OperationStatus,
        OperationDate,
        OperationCreatedDate,
        OperationRequestId,
        InitialAmount,
        InitialCurrency,
        ConvertedAmount,
        ConvertedCurrency,
        OperationCode,
        ProviderId,
        ProviderPaymentId,
        ProviderAuthCode,
    }

    private const int FieldCount = (int)Field.ProviderAuthCode + 1;

    private static readonly byte[][] FieldPaths =
    [
        "project_id"u8.ToArray(),
        "payment:id"u8.ToArray(),
        "payment:type"u8.ToArray(),
        "payment:status"u8.ToArray(),
        "payment:date"u8.ToArray(),
        "payment:method"u8.ToArray(),
        "payment:sum:amount"u8.ToArray(),
        "payment:sum:currency"u8.ToArray(),
        "customer:id"u8.ToArray(),
        "operation:id"u8.ToArray(),
        "operation:type"u8.ToArray(),
        "operation:status"u8.ToArray(),
        "operation:date"u8.ToArray(),
        "operation:created_date"u8.ToArray(),
        "operation:request_id"u8.ToArray(),
        "operation:sum_initial:amount"u8.ToArray(),
        "operation:sum_initial:currency"u8.ToArray(),
        "operation:sum_converted:amount"u8.ToArray(),
        "operation:sum_converted:currency"u8.ToArray(),
        "operation:code"u8.ToArray(),
        "operation:provider:id"u8.ToArray(),
        "operation:provider:payment_id"u8.ToArray(),
        "operation:provider:auth_code"u8.ToArray(),
    ];

    /// <summary>The read fields by the length of their path, so that a path is compared with a few at most.</summary>
    private static readonly int[][] FieldsByLength =
        Enumerable.Range(0, FieldPaths.Max(p => p.Length) + 1)
            .Select(length => Enumerable.Range(0, FieldPaths.Length).Where(f => FieldPaths[f].Length == length).ToArray())
            .ToArray();

    /// <summary>The objects the read fields sit in; each must be an object, never a value.</summary>
    private static readonly byte[][] ContainerPaths =
    [
        "payment"u8.ToArray(),
        "payment:sum"u8.ToArray(),
        "customer"u8.ToArray(),
        "operation"u8.ToArray(),
        "operation:sum_initial"u8.ToArray(),
        "operation:sum_converted"u8.ToArray(),
        "operation:provider"u8.ToArray(),
    ];

    /// <summary>The typed callback, or the reason it cannot be read unambiguously.</summary>
    public static CallbackRejection TryRead(SigningEntries entries, string signingDigest, out PaymentCallback? callback)
    {
        callback = null;
        Span<int> found = stackalloc int[FieldCount];
        found.Fill(-1);
        var misplaced = false;
        for (var i = 0; i < entries.Count; i++)
        {
            var path = entries.PathAt(i);

            // A key holding ';' could swallow whole entries of the signing string (JetPay never sends one), as a value
            // holding one could hide an entry the callback reads.
            if (path.Contains((byte)';') || CouldHideAReadEntry(entries.ValueAt(i)))
            {
                return CallbackRejection.AmbiguousSigning;
            }

            if (path.IsEmpty || path[0] is not ((byte)'p' or (byte)'o' or (byte)'c'))
            {
                continue;
            }

            var shape = Locate(path, out var field);

            // An object the callback reads written as null or "" is absent: no entry under it can be read, and no other body signs alike.
            misplaced |= shape == Shape.Misplaced || (shape == Shape.Container && !entries.ValueAt(i).IsEmpty);

            if (shape == Shape.Field)
            {
                if (entries.ValueAt(i).IndexOf((byte)';') is var semicolon and >= 0 && entries.ValueAt(i)[semicolon..].Contains((byte)':'))
                {
                    return CallbackRejection.AmbiguousSigning;
                }

                found[field] = i;
            }
        }

        var paymentId = Text(entries, found, Field.PaymentId);
        if (string.IsNullOrWhiteSpace(paymentId))
        {
            return CallbackRejection.MissingPaymentId;
        }

        var status = PaymentStatus.Parse(Text(entries, found, Field.PaymentStatus));

        // The sum is acted on only for a success (a sum other than the order's holds the payment for review); with another
        // status reported, an unreadable sum is read as none rather than costing the callback.
        var sumCanBeLeftOut = found[(int)Field.PaymentStatus] >= 0 && status != PaymentStatus.Success;
        if (misplaced
            || !TryStrictInt64(entries, found, Field.ProjectId, out var projectId)
            || (!TryStrictSum(entries, found, Field.PaymentAmount, Field.PaymentCurrency, out var paymentSum) && !sumCanBeLeftOut))
        {
            return CallbackRejection.UnreadableField;
        }

        callback = new PaymentCallback
        {
            SigningDigest = signingDigest,
            ProjectId = projectId,
            Payment = new CallbackPayment
            {
                Id = paymentId,
                Type = Text(entries, found, Field.PaymentType),
                Status = status,
                Date = Text(entries, found, Field.PaymentDate),
                Method = Text(entries, found, Field.PaymentMethod),
                Sum = paymentSum,
            },
            Customer = found[(int)Field.CustomerId] >= 0 ? new CallbackCustomer { Id = Text(entries, found, Field.CustomerId) } : null,
            Operation = ReadOperation(entries, found),
        };
        return CallbackRejection.None;
    }

    private static CallbackOperation? ReadOperation(SigningEntries entries, ReadOnlySpan<int> found)
    {
        if (!found[(int)Field.OperationId..(int)(Field.ProviderAuthCode + 1)].ContainsAnyExcept(-1))
        {
            return null;
        }

        var hasProvider = found[(int)Field.ProviderId..(int)(Field.ProviderAuthCode + 1)].ContainsAnyExcept(-1);
        return new CallbackOperation
        {
            Id = LenientInt64(entries, found, Field.OperationId),
            Type = Text(entries, found, Field.OperationType),
            Status = Text(entries, found, Field.OperationStatus),
            Date = Text(entries, found, Field.OperationDate),
            CreatedDate = Text(entries, found, Field.OperationCreatedDate),
            RequestId = Text(entries, found, Field.OperationRequestId),
            SumInitial = LenientSum(entries, found, Field.InitialAmount, Field.InitialCurrency),
            SumConverted = LenientSum(entries, found, Field.ConvertedAmount, Field.ConvertedCurrency),
            Code = Text(entries, found, Field.OperationCode),
            Provider = hasProvider
                ? new CallbackProvider
                {
                    Id = LenientInt64(entries, found, Field.ProviderId),
                    PaymentId = Text(entries, found, Field.ProviderPaymentId),
                    AuthCode = Text(entries, found, Field.ProviderAuthCode),
                }
                : null,
        };
    }

    private enum Shape
    {
        Elsewhere,
        Field,

        /// <summary>An object the read fields sit in, written as a value.</summary>
        Container,
        Misplaced,
    }

    /// <summary>Whether the path is a read field, a read field's container written as a value, a read field written as an object, or neither.</summary>
    private static Shape Locate(ReadOnlySpan<byte> path, out int field)
    {
        field = FieldAt(path);
        if (field >= 0)
        {
            return Shape.Field;
        }

        foreach (var container in ContainerPaths)
        {
            if (path.SequenceEqual(container))
            {
                return Shape.Container;
            }
        }

        // A read field with something under it ("payment:id:x") is an object where a value belongs. "payment:id::x" is
        // the key "id:x", another field: only a lone ':' separates keys.
        for (var at = path.IndexOf((byte)':'); at >= 0; at = path[(at + 1)..].IndexOf((byte)':') is var next and >= 0 ? at + 1 + next : -1)
        {
            var lone = (at + 1 == path.Length || path[at + 1] != (byte)':') && (at == 0 || path[at - 1] != (byte)':');
            if (lone && FieldAt(path[..at]) >= 0)
            {
                return Shape.Misplaced;
            }
        }

        return Shape.Elsewhere;
    }

    private static int FieldAt(ReadOnlySpan<byte> path)
    {
        if (path.Length >= FieldsByLength.Length)
        {
            return -1;
        }

        foreach (var candidate in FieldsByLength[path.Length])
        {
            if (path.SequenceEqual(FieldPaths[candidate]))
            {
                return candidate;
            }
        }

        return -1;
    }

    /// <summary>A <c>;</c> followed by a path the callback reads: the rest of the value could be that entry.</summary>
    private static bool CouldHideAReadEntry(ReadOnlySpan<byte> value)
    {
        var at = value.IndexOf((byte)';');
        while (at >= 0)
        {
            var rest = value[(at + 1)..];
            if (rest.StartsWith("payment:"u8) || rest.StartsWith("operation:"u8) || rest.StartsWith("customer:"u8) || rest.StartsWith("project_id:"u8))
            {
                return true;
            }

            at = rest.IndexOf((byte)';') is var next and >= 0 ? at + 1 + next : -1;
        }

        return false;
    }

    private static string? Text(SigningEntries entries, ReadOnlySpan<int> found, Field field) =>
        found[(int)field] is var index and >= 0 ? Encoding.UTF8.GetString(entries.ValueAt(index)) : null;

    private static bool TryInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text.Length > 0 && text[0] != (byte)'+';

    /// <summary>Absent is null; present must be an integer.</summary>
    private static bool TryStrictInt64(SigningEntries entries, ReadOnlySpan<int> found, Field field, out long? value)
    {
        value = null;
        if (found[(int)field] is not (var index and >= 0))
        {
            return true;
        }

        if (!TryInt64(entries.ValueAt(index), out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static long? LenientInt64(SigningEntries entries, ReadOnlySpan<int> found, Field field) =>
        found[(int)field] is var index and >= 0 && TryInt64(entries.ValueAt(index), out var number) ? number : null;

    /// <summary>Absent is null; present must have an integer amount and a currency.</summary>
    private static bool TryStrictSum(SigningEntries entries, ReadOnlySpan<int> found, Field amount, Field currency, out CallbackSum? sum)
    {
        sum = null;
        if (found[(int)amount] < 0 && found[(int)currency] < 0)
        {
            return true;
        }

        sum = LenientSum(entries, found, amount, currency);
        return sum is not null;
    }

    private static CallbackSum? LenientSum(SigningEntries entries, ReadOnlySpan<int> found, Field amount, Field currency) =>
        LenientInt64(entries, found, amount) is { } value && Text(entries, found, currency) is { Length: > 0 } code
            ? new CallbackSum(value, code)
            : null;
}
