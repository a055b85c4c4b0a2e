namespace JetPay.PaymentPage;

/// <summary>
/// The order in which the signing string lists its entries: PHP's <c>ksort($params, SORT_NATURAL)</c>,
/// that is <c>strnatcmp</c> over the UTF-8 bytes of the paths.
/// </summary>
/// <remarks>
/// The rules, as PHP applies them: bytes compare by value (case-sensitive, no culture); a run of digits
/// compares with another run of digits by numeric value (<c>9</c> before <c>10</c>), except when either run
/// starts with <c>0</c>, where the runs compare digit by digit from the left; zeros in front of a number at the
/// very start of the string are skipped; white space (C <c>isspace</c>) is skipped wherever it stands.
/// Two different strings can therefore compare equal (<c>"a b"</c> and <c>"ab"</c>); PHP's sort is stable, so the
/// caller breaks such ties by the order the entries had in the document.
/// Reading at the end of a string yields 0, as reading the terminator does in C.
/// </remarks>
internal static class NaturalOrder
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a.Length.CompareTo(b.Length);
        }

        // Paths share long prefixes ("operation:sum_initial:…"). Both strings go through an identical prefix in step,
        // so the comparison can start where they differ, moved back to the start of a run of digits it may be in.
        var start = a.CommonPrefixLength(b);
        if ((start == a.Length || start == b.Length) && !IsDigit(a[start - 1]))
        {
            return a.Length.CompareTo(b.Length);
        }

        while (start > 0 && IsDigit(a[start - 1]))
        {
            start--;
        }

        return CompareFrom(a, b, start);
    }

    private static int CompareFrom(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int start)
    {
        int ai = start, bi = start;
        var atStart = start == 0;
        while (true)
        {
            var ca = At(a, ai);
            var cb = At(b, bi);

            if (atStart)
            {
                while (ca == '0' && ai + 1 < a.Length && IsDigit(a[ai + 1]))
                {
                    ca = a[++ai];
                }

                while (cb == '0' && bi + 1 < b.Length && IsDigit(b[bi + 1]))
                {
                    cb = b[++bi];
                }

                atStart = false;
            }

            while (IsSpace(ca))
            {
                ca = At(a, ++ai);
            }

            while (IsSpace(cb))
            {
                cb = At(b, ++bi);
            }

            if (IsDigit(ca) && IsDigit(cb))
            {
                var result = CompareDigitRuns(a, ref ai, b, ref bi, likeFractions: ca == '0' || cb == '0');
                if (result != 0)
                {
                    return result;
                }

                var aEnded = ai >= a.Length;
                var bEnded = bi >= b.Length;
                if (aEnded || bEnded)
                {
                    return aEnded == bEnded ? 0 : aEnded ? -1 : 1;
                }

                ca = a[ai];
                cb = b[bi];
            }

            if (ca != cb)
            {
                return ca < cb ? -1 : 1;
            }

            ai++;
            bi++;
            var aDone = ai >= a.Length;
            var bDone = bi >= b.Length;
            if (aDone || bDone)
            {
                return aDone == bDone ? 0 : aDone ? -1 : 1;
            }
        }
    }

    /// <summary>
    /// Two runs of digits. If either starts with <c>0</c> they compare like fractions: the first differing digit wins.
    /// Otherwise the longer run wins, and between runs of one length the first differing digit.
    /// </summary>
    private static int CompareDigitRuns(ReadOnlySpan<byte> a, ref int ai, ReadOnlySpan<byte> b, ref int bi, bool likeFractions)
    {
        var firstDifference = 0;
        for (; ; ai++, bi++)
        {
            var aDigit = ai < a.Length && IsDigit(a[ai]);
            var bDigit = bi < b.Length && IsDigit(b[bi]);
            if (!aDigit || !bDigit)
            {
                return aDigit == bDigit ? firstDifference : aDigit ? 1 : -1;
            }

            if (firstDifference == 0 && a[ai] != b[bi])
            {
                firstDifference = a[ai] < b[bi] ? -1 : 1;
                if (likeFractions)
                {
                    return firstDifference;
                }
            }
        }
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
