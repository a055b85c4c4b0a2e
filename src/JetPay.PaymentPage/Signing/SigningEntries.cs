using System.Text;

namespace JetPay.PaymentPage;

/// <summary>
/// The leaves of a payload as <c>path:value</c> entries in UTF-8, and the signing string made from them:
/// the entries in <see cref="NaturalOrder"/>, joined with <c>;</c>.
/// </summary>
/// <remarks>
/// One instance per thread is kept and reused, so that signing and verifying allocate nothing once warm.
/// Use it as <c>var entries = SigningEntries.Rent(); try { … } finally { entries.Return(); }</c>.
/// </remarks>
internal sealed partial class SigningEntries
{
    private const int InitialDataBytes = 2048;
    private const int InitialEntries = 64;
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static SigningEntries? t_cached;

    private byte[] _data = new byte[InitialDataBytes];
    private int _dataLength;
    private Entry[] _entries = new Entry[InitialEntries];
    private int _count;
    private byte[] _output = new byte[InitialDataBytes];
    private int _outputLength;
    private bool _sawNaturalTie;
    private bool _sawDuplicatePath;

    public static SigningEntries Rent()
    {
        var entries = t_cached ?? new SigningEntries();
        t_cached = null;
        return entries;
    }

    /// <summary>Clears what was written (callback contents include personal data) and keeps the buffers for reuse.</summary>
    public void Return()
    {
        _data.AsSpan(0, _dataLength).Clear();
        _output.AsSpan(0, _outputLength).Clear();
        _dataLength = 0;
        _outputLength = 0;
        _count = 0;
        _sawNaturalTie = false;
        _sawDuplicatePath = false;
        if (_data.Length <= MaxRetainedBytes && _output.Length <= MaxRetainedBytes)
        {
            t_cached = this;
        }
    }

    /// <summary>Adds a flat request parameter; the name's <c>:</c> are doubled as in a nested path.</summary>
    public void AddParameter(string name, string? value)
    {
        var start = _dataLength;
        AppendEscapedKey(name);
        var pathLength = _dataLength - start;
        Append((byte)':');
        if (!string.IsNullOrEmpty(value))
        {
            var span = GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
            _dataLength += Encoding.UTF8.GetBytes(value, span);
        }

        Commit(start, pathLength);
    }

    /// <summary>Starts an entry for <paramref name="path"/>; the value follows through the Append methods.</summary>
    public int BeginEntry(ReadOnlySpan<byte> path)
    {
        var start = _dataLength;
        Append(path);
        Append((byte)':');
        return start;
    }

    public void EndEntry(int start, int pathLength) => Commit(start, pathLength);

    public void Append(byte value)
    {
        GetSpan(1)[0] = value;
        _dataLength++;
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        _dataLength += value.Length;
    }

    /// <summary>A span of at least <paramref name="sizeHint"/> bytes to write into; then call <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_data.Length - _dataLength < sizeHint)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + sizeHint));
        }

        return _data.AsSpan(_dataLength);
    }

    public void Advance(int count) => _dataLength += count;

    /// <summary>Writes the signing string and returns it; valid until <see cref="Return"/>.</summary>
    public ReadOnlySpan<byte> BuildSigningString()
    {
        var entries = _entries.AsSpan(0, _count);
        Sort(entries);

        var capacity = _dataLength + _count;
        if (_output.Length < capacity)
        {
            _output = new byte[Math.Max(capacity, _output.Length * 2)];
        }

        _outputLength = 0;
        if (_sawNaturalTie)
        {
            WriteWithTies(entries);
        }
        else
        {
            foreach (ref readonly var entry in entries)
            {
                WriteEntry(in entry);
            }
        }

        return _output.AsSpan(0, _outputLength);
    }

    /// <summary>What the last <see cref="BuildSigningString"/> wrote; valid until <see cref="Return"/>.</summary>
    public ReadOnlySpan<byte> SigningString => _output.AsSpan(0, _outputLength);

    /// <summary>
    /// Insertion sort for the usual few dozen entries (no allocation: Span.Sort boxes its comparer),
    /// the framework's introsort beyond.
    /// </summary>
    private void Sort(Span<Entry> entries)
    {
        var comparer = new EntryComparer(this);
        if (entries.Length > 64)
        {
            entries.Sort(comparer);
            return;
        }

        for (var i = 1; i < entries.Length; i++)
        {
            var entry = entries[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(entries[j], entry) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = entry;
        }
    }

    private void WriteEntry(in Entry entry)
    {
        if (_outputLength > 0)
        {
            _output[_outputLength++] = (byte)';';
        }

        _data.AsSpan(entry.Start, entry.Length).CopyTo(_output.AsSpan(_outputLength));
        _outputLength += entry.Length;
    }

    /// <summary>
    /// Entries whose paths compare equal in natural order stay in document order (PHP's sort is stable).
    /// The same path twice (a repeated JSON key) is written once, in the place of its first occurrence with the
    /// value of its last, as PHP's arrays do when a key is assigned again.
    /// </summary>
    private void WriteWithTies(ReadOnlySpan<Entry> entries)
    {
        var groupStart = 0;
        while (groupStart < entries.Length)
        {
            var groupEnd = groupStart + 1;
            while (groupEnd < entries.Length && NaturalOrder.Compare(PathOf(entries[groupEnd - 1]), PathOf(entries[groupEnd])) == 0)
            {
                groupEnd++;
            }

            var group = entries[groupStart..groupEnd];
            for (var i = 0; i < group.Length; i++)
            {
                if (AppearsBefore(group, i))
                {
                    _sawDuplicatePath = true;
                    continue;
                }

                var last = i;
                for (var k = i + 1; k < group.Length; k++)
                {
                    if (PathOf(group[k]).SequenceEqual(PathOf(group[i])))
                    {
                        last = k;
                    }
                }

                WriteEntry(in group[last]);
            }

            groupStart = groupEnd;
        }
    }

    private bool AppearsBefore(ReadOnlySpan<Entry> group, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (PathOf(group[j]).SequenceEqual(PathOf(group[index])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number of entries added.</summary>
    public int Count => _count;

    /// <summary>The path of entry <paramref name="index"/>, in the order the entries are in (sorted once the string is built).</summary>
    public ReadOnlySpan<byte> PathAt(int index) => PathOf(in _entries[index]);

    /// <summary>The value of entry <paramref name="index"/> as it is written in the signing string.</summary>
    public ReadOnlySpan<byte> ValueAt(int index)
    {
        ref readonly var entry = ref _entries[index];
        return _data.AsSpan(entry.Start + entry.PathLength + 1, entry.Length - entry.PathLength - 1);
    }

    private ReadOnlySpan<byte> PathOf(in Entry entry) => _data.AsSpan(entry.Start, entry.PathLength);

    private void AppendEscapedKey(string key)
    {
        var span = GetSpan(Encoding.UTF8.GetMaxByteCount(key.Length) * 2);
        var written = Encoding.UTF8.GetBytes(key, span);
        var colons = span[..written].Count((byte)':');
        if (colons > 0)
        {
            DoubleColons(span, written, colons);
        }

        _dataLength += written + colons;
    }

    /// <summary>Rewrites <c>:</c> as <c>::</c> in place, from the end so nothing is overwritten before it is moved.</summary>
    internal static void DoubleColons(Span<byte> buffer, int length, int colons)
    {
        var to = length + colons - 1;
        for (var from = length - 1; from >= 0; from--)
        {
            var b = buffer[from];
            buffer[to--] = b;
            if (b == (byte)':')
            {
                buffer[to--] = b;
            }
        }
    }

    private void Commit(int start, int pathLength)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count] = new Entry(start, pathLength, _dataLength - start, _count);
        _count++;
    }

    private readonly record struct Entry(int Start, int PathLength, int Length, int Ordinal);

    private readonly struct EntryComparer(SigningEntries owner) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            var byPath = NaturalOrder.Compare(owner.PathOf(in x), owner.PathOf(in y));
            if (byPath != 0)
            {
                return byPath;
            }

            // Any two entries that end up side by side were compared (by either sort), so a tie anywhere is seen here.
            if (x.Ordinal != y.Ordinal)
            {
                owner._sawNaturalTie = true;
            }

            return x.Ordinal.CompareTo(y.Ordinal);
        }
    }
}
