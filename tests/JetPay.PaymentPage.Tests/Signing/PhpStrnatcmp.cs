namespace JetPay.PaymentPage.Tests.Signing;

/// <summary>
/// PHP's <c>strnatcmp_ex</c> written out step by step, as plainly as it reads in C (a read past the end yields 0, as the
/// terminator does), for checking <see cref="NaturalOrder"/> and its shortcuts against it.
/// </summary>
internal static class PhpStrnatcmp
{
    public static int Compare(byte[] a, byte[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length.CompareTo(b.Length);
        }

        int ap = 0, bp = 0;
        var leading = true;
        while (true)
        {
            var ca = At(a, ap);
            var cb = At(b, bp);
            while (leading && ca == '0' && ap + 1 < a.Length && IsDigit(a[ap + 1]))
            {
                ca = a[++ap];
            }

            while (leading && cb == '0' && bp + 1 < b.Length && IsDigit(b[bp + 1]))
            {
                cb = b[++bp];
            }

            leading = false;
            while (IsSpace(ca))
            {
                ca = At(a, ++ap);
            }

            while (IsSpace(cb))
            {
                cb = At(b, ++bp);
            }

            if (IsDigit(ca) && IsDigit(cb))
            {
                var result = ca == '0' || cb == '0' ? CompareLeft(a, ref ap, b, ref bp) : CompareRight(a, ref ap, b, ref bp);
                if (result != 0)
                {
                    return result;
                }

                if (ap == a.Length && bp == b.Length)
                {
                    return 0;
                }

                if (ap == a.Length)
                {
                    return -1;
                }

                if (bp == b.Length)
                {
                    return 1;
                }

                ca = a[ap];
                cb = b[bp];
            }

            if (ca != cb)
            {
                return ca < cb ? -1 : 1;
            }

            ap++;
            bp++;
            if (ap >= a.Length && bp >= b.Length)
            {
                return 0;
            }

            if (ap >= a.Length)
            {
                return -1;
            }

            if (bp >= b.Length)
            {
                return 1;
            }
        }
    }

    /// <summary>Numbers with a leading zero: the first different digit wins.</summary>
    private static int CompareLeft(byte[] a, ref int ap, byte[] b, ref int bp)
    {
        for (; ; ap++, bp++)
        {
            var aDigit = ap < a.Length && IsDigit(a[ap]);
            var bDigit = bp < b.Length && IsDigit(b[bp]);
            if (!aDigit || !bDigit)
            {
                return aDigit == bDigit ? 0 : aDigit ? 1 : -1;
            }

            if (a[ap] != b[bp])
            {
                return a[ap] < b[bp] ? -1 : 1;
            }
        }
    }

    /// <summary>Whole numbers: the longer run wins, else the first different digit.</summary>
    private static int CompareRight(byte[] a, ref int ap, byte[] b, ref int bp)
    {
        var bias = 0;
        for (; ; ap++, bp++)
        {
            var aDigit = ap < a.Length && IsDigit(a[ap]);
            var bDigit = bp < b.Length && IsDigit(b[bp]);
            if (!aDigit || !bDigit)
            {
                return aDigit == bDigit ? bias : aDigit ? 1 : -1;
            }

            if (bias == 0 && a[ap] != b[bp])
            {
                bias = a[ap] < b[bp] ? -1 : 1;
            }
        }
    }

    private static byte At(byte[] s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
