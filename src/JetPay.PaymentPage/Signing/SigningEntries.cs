using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// The leaves of a payload as <c>path:value</c> entries in UTF-8, and the signing string made from them:
/// the entries in <see cref="NaturalOrder"/>, joined with <c>;</c>.
/// </summary>
/// <remarks>
/// One instance per thread is kept and reused, so that signing and verifying allocate nothing once warm:
/// <c>using var entries = SigningEntries.Rent();</c>.
/// </remarks>
internal sealed partial class SigningEntries : IDisposable
{
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static SigningEntries? t_cached;

    private readonly Comparison<Entry> _compare;
    private readonly Comparison<Entry> _compareBytes;
    private readonly Comparison<Entry> _compareOrdinals = static (x, y) => x.Ordinal.CompareTo(y.Ordinal);
    private byte[] _data = new byte[2048];
    private int _dataLength;
    private Entry[] _entries = new Entry[64];
    private Entry[] _ties = [];
    private int _count;
    private byte[] _output = new byte[2048];
    private int _outputLength;
    private bool _sawNaturalTie;
    private bool _sawDuplicatePath;

    private SigningEntries()
    {
        _compare = Compare;
        _compareBytes = CompareBytes;
    }

    public static SigningEntries Rent()
    {
        var entries = t_cached ?? new SigningEntries();
        t_cached = null;
        return entries;
    }

    /// <summary>Clears what was written (callback contents include personal data) and keeps the buffers for reuse.</summary>
    public void Dispose()
    {
        _data.AsSpan(0, _dataLength).Clear();
        _output.AsSpan(0, _outputLength).Clear();
        _dataLength = _outputLength = _count = 0;
        _sawNaturalTie = _sawDuplicatePath = false;
        if (_data.Length <= MaxRetainedBytes && _output.Length <= MaxRetainedBytes)
        {
            t_cached = this;
        }
    }

    /// <summary>Adds a flat request parameter; the name's <c>:</c> are doubled as in a nested path.</summary>
    public void AddParameter(string name, string? value)
    {
        _pathLength = 0;
        _pathLength = Encoding.UTF8.GetBytes(name, GrowPath(Encoding.UTF8.GetMaxByteCount(name.Length) * 2));
        DoubleColons(keyStart: 0);
        var start = BeginEntry();
        if (value is not null)
        {
            _dataLength += Encoding.UTF8.GetBytes(value, GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        }

        Commit(start);
    }

    /// <summary>The number of entries added.</summary>
    public int Count => _count;

    /// <summary>The path of entry <paramref name="index"/>, in the order the entries are in (sorted once the string is built).</summary>
    public ReadOnlySpan<byte> PathAt(int index) => PathOf(_entries[index]);

    /// <summary>The value of entry <paramref name="index"/> as it is written in the signing string.</summary>
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        var entry = _entries[index];
        return _data.AsSpan(entry.Start + entry.PathLength + 1, entry.Length - entry.PathLength - 1);
    }

    /// <summary>What the last <see cref="BuildSigningString"/> wrote; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> SigningString => _output.AsSpan(0, _outputLength);

    /// <summary>Sorts the entries, writes the signing string and returns it; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> BuildSigningString()
    {
        // Span.Sort with a comparer struct would box it; a delegate made once per instance allocates nothing.
        var entries = _entries.AsSpan(0, _count);
        entries.Sort(_compare);

        if (_output.Length < _dataLength + _count)
        {
            _output = new byte[Math.Max(_dataLength + _count, _output.Length * 2)];
        }

        _outputLength = 0;
        if (_sawNaturalTie)
        {
            WriteWithTies(entries);
        }
        else
        {
            foreach (var entry in entries)
            {
                WriteEntry(entry);
            }
        }

        return SigningString;
    }

    /// <summary>
    /// PHP's sort is stable, so entries whose paths tie in natural order (<c>"a b"</c> and <c>"ab"</c>) stay in document
    /// order. The same path twice (a repeated JSON key) is written once, in the place of its first occurrence with the
    /// value of its last, as a PHP array keeps a key that is assigned again.
    /// </summary>
    /// <remarks>
    /// A group of ties is sorted once more by path bytes, then document order, so that each distinct path's
    /// occurrences lie side by side: O(k log k) for k ties, however many a hostile body sends.
    /// </remarks>
    private void WriteWithTies(ReadOnlySpan<Entry> entries)
    {
        for (int start = 0, end; start < entries.Length; start = end)
        {
            end = start + 1;
            while (end < entries.Length && NaturalOrder.Compare(SortKeyOf(entries[end - 1]), SortKeyOf(entries[end])) == 0)
            {
                end++;
            }

            if (end - start == 1)
            {
                WriteEntry(entries[start]);
                continue;
            }

            foreach (var entry in DistinctPaths(entries[start..end]))
            {
                WriteEntry(entry);
            }
        }
    }

    /// <summary>
    /// One entry per distinct path of a group of ties: the value of the path's last occurrence, in the document order of
    /// its first; valid until the next call.
    /// </summary>
    private ReadOnlySpan<Entry> DistinctPaths(ReadOnlySpan<Entry> ties)
    {
        if (_ties.Length < ties.Length)
        {
            _ties = new Entry[Math.Max(ties.Length, _ties.Length * 2)];
        }

        var byPath = _ties.AsSpan(0, ties.Length);
        ties.CopyTo(byPath);
        byPath.Sort(_compareBytes);

        var distinct = 0;
        for (int first = 0, next; first < byPath.Length; first = next)
        {
            var path = PathOf(byPath[first]);
            next = first + 1;
            while (next < byPath.Length && PathOf(byPath[next]).SequenceEqual(path))
            {
                next++;
            }

            _sawDuplicatePath |= next - first > 1;
            byPath[distinct++] = byPath[next - 1] with { Ordinal = byPath[first].Ordinal };
        }

        var written = byPath[..distinct];
        written.Sort(_compareOrdinals);
        return written;
    }

    private void WriteEntry(Entry entry)
    {
        if (_outputLength > 0)
        {
            _output[_outputLength++] = (byte)';';
        }

        _data.AsSpan(entry.Start, entry.Length).CopyTo(_output.AsSpan(_outputLength));
        _outputLength += entry.Length;
    }

    /// <summary>Starts an entry for the current path; its value is appended next, then <see cref="Commit"/>.</summary>
    private int BeginEntry()
    {
        var start = _dataLength;
        Append(_path.AsSpan(0, _pathLength));
        Append((byte)':');
        return start;
    }

    private void Commit(int start)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var length = _dataLength - start;
        var (keyStart, keyLength) = (start, _pathLength);
        if (NaturalOrder.HasLongWhiteSpaceRun(_data.AsSpan(start, _pathLength)))
        {
            // Stored after the entry, outside what is written; GetSpan may move the data first.
            var room = GetSpan(_pathLength);
            (keyStart, keyLength) = (_dataLength, NaturalOrder.CopyWithShortWhiteSpaceRuns(_data.AsSpan(start, _pathLength), room));
            _dataLength += keyLength;
        }

        _entries[_count] = new Entry(start, _pathLength, length, _count, keyStart, keyLength);
        _count++;
    }

    private void Append(byte value)
    {
        GetSpan(1)[0] = value;
        _dataLength++;
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        _dataLength += value.Length;
    }

    private Span<byte> GetSpan(int sizeHint)
    {
        if (_data.Length - _dataLength < sizeHint)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + sizeHint));
        }

        return _data.AsSpan(_dataLength);
    }

    private ReadOnlySpan<byte> PathOf(Entry entry) => _data.AsSpan(entry.Start, entry.PathLength);

    /// <summary>The path as it is compared in natural order: itself, or a copy with its long runs of white space cut.</summary>
    private ReadOnlySpan<byte> SortKeyOf(Entry entry) => _data.AsSpan(entry.KeyStart, entry.KeyLength);

    /// <summary>Natural order of the paths, document order among ties.</summary>
    private int Compare(Entry x, Entry y)
    {
        var byPath = NaturalOrder.Compare(SortKeyOf(x), SortKeyOf(y));
        if (byPath != 0)
        {
            return byPath;
        }

        // Entries that end up side by side were compared with each other, so a tie anywhere is seen here.
        _sawNaturalTie |= x.Ordinal != y.Ordinal;
        return x.Ordinal.CompareTo(y.Ordinal);
    }

    /// <summary>Paths by their bytes, document order among equal ones.</summary>
    private int CompareBytes(Entry x, Entry y)
    {
        var byPath = PathOf(x).SequenceCompareTo(PathOf(y));
        return byPath != 0 ? byPath : x.Ordinal.CompareTo(y.Ordinal);
    }

    private readonly record struct Entry(int Start, int PathLength, int Length, int Ordinal, int KeyStart, int KeyLength);
}
