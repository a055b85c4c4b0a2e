using System.Buffers;

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
    private static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \t\n\v\f\r"u8);

    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a.Length.CompareTo(b.Length);
        }

        // Paths share long prefixes ("operation:sum_initial:…"). Both strings go through an identical prefix in step,
        // so the comparison can start where they differ, moved back to the start of a run of digits it may be in.
        // One string ending inside the prefix decides by length, unless the prefix ends in a digit (the run may go on in
        // the other) or in white space: skipped, a longer string of only white space after it ties, but compared as a
        // character when it ends a run of digits, and which of the two depends on what comes before it.
        var start = a.CommonPrefixLength(b);
        if (start == a.Length || start == b.Length)
        {
            if (IsSpace(a[start - 1]))
            {
                return CompareFrom(a, b, 0);
            }

            if (!IsDigit(a[start - 1]))
            {
                return a.Length.CompareTo(b.Length);
            }
        }

        while (start > 0 && IsDigit(a[start - 1]))
        {
            start--;
        }

        return CompareFrom(a, b, start);
    }

    /// <summary>
    /// Whether <paramref name="s"/> holds a run of more than two white-space bytes, which
    /// <see cref="CopyWithShortWhiteSpaceRuns"/> would cut.
    /// </summary>
    public static bool HasLongWhiteSpaceRun(ReadOnlySpan<byte> s)
    {
        for (var i = s.IndexOfAny(WhiteSpace); i >= 0 && i + 2 < s.Length; i = NextWhiteSpace(s, i + 1))
        {
            if (IsSpace(s[i + 1]) && IsSpace(s[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Copies <paramref name="s"/> with every run of white space cut to its first two bytes, and returns the length
    /// written (at most <c>s.Length</c>). The copy compares with anything as <paramref name="s"/> does: the first byte
    /// of a run may end a run of digits and then be compared as a character, the second keeps the string from ending
    /// there, and the rest is only ever skipped. Comparing copies costs time in the shorter string, where a long run
    /// would make every comparison with the string walk all of it.
    /// </summary>
    public static int CopyWithShortWhiteSpaceRuns(ReadOnlySpan<byte> s, Span<byte> destination)
    {
        var written = 0;
        var run = 0;
        foreach (var c in s)
        {
            run = IsSpace(c) ? run + 1 : 0;
            if (run <= 2)
            {
                destination[written++] = c;
            }
        }

        return written;
    }

    private static int NextWhiteSpace(ReadOnlySpan<byte> s, int from)
    {
        var next = s[from..].IndexOfAny(WhiteSpace);
        return next < 0 ? -1 : from + next;
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
