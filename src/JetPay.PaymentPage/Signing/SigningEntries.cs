using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JetPay.PaymentPage;

/// <summary>
/// The leaves of a payload as <c>path:value</c> entries in UTF-8, and the signing string made from them: the entries in
/// PHP's natural order (<see cref="NaturalOrder"/>), joined with <c>;</c>.
/// </summary>
/// <remarks>
/// A path is the keys from the root joined by <c>:</c>, a <c>:</c> inside a key written <c>::</c>, an array element keyed
/// by its 0-based index. <c>true</c> is <c>1</c>, <c>false</c> is <c>0</c>, <c>null</c> is empty, strings are taken as they
/// are, integers as their JSON digits and other numbers as PHP writes a float (<see cref="PhpFloat"/>); empty arrays and
/// objects give nothing; <c>frame_mode</c> is left out at every level. Dispose to clear and return the buffers.
/// </remarks>
internal sealed class SigningEntries : IDisposable
{
    /// <summary>
    /// How many bytes the entries of a JSON payload may take. Each leaf repeats its path, so a body of a few kilobytes
    /// with a long key over many leaves flattens to megabytes; JetPay's callbacks take about one.
    /// </summary>
    public const int MaxJsonEntryBytes = 1024 * 1024;

    // The entries, each followed by its sort key if that differs; a callback's take about 1 KiB, so they never regrow.
    private readonly PooledList<byte> _text = new(4096);
    private readonly PooledList<Entry> _entries = new();
    private readonly PooledList<byte> _path = new(); // the path of the value being read
    private readonly PooledList<byte> _keys = new(1024); // every key read, to find one repeated in its object
    private readonly PooledList<Key> _keyRefs = new();
    private readonly PooledList<Container> _containers = new();

    /// <summary>The number of entries: one per leaf, then one per distinct path once the signing string is built.</summary>
    public int Count => _entries.Count;

    /// <summary>The signing string, once <see cref="BuildSigningString"/> has written it.</summary>
    public byte[] SigningString { get; private set; } = [];

    /// <summary>Whether <see cref="AddJson"/> read an object at the top (not an array).</summary>
    public bool RootIsObject { get; private set; }

    /// <summary>
    /// Whether a key of the JSON did not make a path of its own: PHP's flattening passes a parent path on only when it is
    /// truthy, so a container whose path is <c>""</c> or <c>"0"</c> gives none to its children; and a key that is empty
    /// or starts or ends with <c>:</c> makes two different key sequences write the same path (<c>{"a:":{"b":1}}</c> and
    /// <c>{"a":{":b":1}}</c> both give <c>a:::b</c>).
    /// </summary>
    public bool LostKey { get; private set; }

    /// <summary>Whether an object of the JSON holds a key twice (<c>frame_mode</c> and <c>signature</c> included).</summary>
    public bool RepeatedKey { get; private set; }

    /// <summary>Whether <see cref="BuildSigningString"/> found a path twice and kept one.</summary>
    public bool RepeatedPath { get; private set; }

    /// <summary>
    /// Whether a top-level <c>signature</c> or a <c>general.signature</c> was left out by <see cref="AddJson"/>;
    /// <see cref="CarriedSignature"/> is its text, the top-level one first.
    /// </summary>
    public bool HasSignature => _topSignature.Found || _generalSignature.Found;

    /// <summary>The carried signature's text, or <see langword="null"/> if it is not a string.</summary>
    public string? CarriedSignature => _topSignature.Found ? _topSignature.Text : _generalSignature.Text;

    private int _opened; // containers opened so far, to number them
    private (bool Found, string? Text) _topSignature;
    private (bool Found, string? Text) _generalSignature;

    /// <summary>The path of entry <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> PathAt(int index) => _text.Items.Slice(_entries[index].Start, _entries[index].PathLength);

    /// <summary>The value of entry <paramref name="index"/> as the signing string writes it.</summary>
    public ReadOnlySpan<byte> ValueAt(int index) =>
        _text.Items.Slice(_entries[index].Start + _entries[index].PathLength + 1, _entries[index].Length - _entries[index].PathLength - 1);

    /// <summary>Adds a flat request parameter; the name's <c>:</c> are doubled as in a nested path.</summary>
    public void AddParameter(string name, string? value)
    {
        _path.Truncate(0);
        AppendKey(Encoding.UTF8.GetBytes(name));
        AddEntry(Encoding.UTF8.GetBytes(value ?? string.Empty));
    }

    /// <summary>
    /// Adds every leaf of a JSON object or array, depth-first, <c>frame_mode</c> left out at every level; with
    /// <paramref name="excludeSignatures"/> every <c>signature</c> is left out too, the top-level and <c>general</c> ones
    /// kept aside.
    /// </summary>
    /// <returns>
    /// <see langword="false"/> for a scalar, text that is not JSON, JSON nested deeper than <paramref name="maxDepth"/>, or
    /// entries of more than <see cref="MaxJsonEntryBytes"/>.
    /// </returns>
    public bool AddJson(ReadOnlySpan<byte> utf8Json, int maxDepth, bool excludeSignatures)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return false;
            }

            RootIsObject = reader.TokenType == JsonTokenType.StartObject;
            _containers.Add(new Container(PathLength: 0, NextIndex: RootIsObject ? -1 : 0, Number: 0));
            while (reader.Read())
            {
                ref var container = ref _containers[_containers.Count - 1];
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        _path.Truncate(container.PathLength);
                        if (!AddKey(ref reader, excludeSignatures))
                        {
                            reader.Skip();
                        }

                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        _containers.Truncate(_containers.Count - 1);
                        continue;
                }

                if (container.NextIndex >= 0)
                {
                    _path.Truncate(container.PathLength);
                    AppendSeparator();
                    Utf8Formatter.TryFormat(container.NextIndex++, _path.Room(11), out var digits);
                    _path.Truncate(_path.Count - 11 + digits);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    Open(isArray: reader.TokenType == JsonTokenType.StartArray);
                }
                else
                {
                    AddLeaf(ref reader);
                    if (_text.Count > MaxJsonEntryBytes)
                    {
                        return false;
                    }
                }
            }

            RepeatedKey = HasRepeatedKey();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a lone surrogate escape (\ud800) is valid JSON but no string: bad input, not a fault
        }
    }

    /// <summary>
    /// Sorts the entries and writes the signing string. The same path twice (a repeated key, or keys PHP's flattening
    /// made alike) is written once, in the place of its first occurrence with the value of its last, as a PHP array keeps
    /// a key that is assigned again; PHP's sort is stable, so entries whose paths tie in natural order (<c>"a b"</c> and
    /// <c>"ab"</c>) stay in document order.
    /// </summary>
    public byte[] BuildSigningString()
    {
        // Sorted by path bytes, equal paths lie side by side; the first keeps its place in the document.
        var entries = _entries.Items;
        entries.Sort((x, y) => PathOf(x).SequenceCompareTo(PathOf(y)) is var c and not 0 ? c : x.Ordinal.CompareTo(y.Ordinal));
        var kept = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (kept > 0 && PathOf(entries[i]).SequenceEqual(PathOf(entries[kept - 1])))
            {
                RepeatedPath = true;
                entries[kept - 1] = entries[i] with { Ordinal = entries[kept - 1].Ordinal };
            }
            else
            {
                entries[kept++] = entries[i];
            }
        }

        _entries.Truncate(kept);
        _entries.Items.Sort(CompareNaturally);
        var length = Math.Max(0, kept - 1);
        foreach (var entry in _entries.Items)
        {
            length += entry.Length;
        }

        var output = new byte[length];
        var written = 0;
        foreach (var entry in _entries.Items)
        {
            if (written > 0)
            {
                output[written++] = (byte)';';
            }

            _text.Items.Slice(entry.Start, entry.Length).CopyTo(output.AsSpan(written));
            written += entry.Length;
        }

        return SigningString = output;
    }

    public void Dispose()
    {
        _text.Dispose();
        _entries.Dispose();
        _path.Dispose();
        _keys.Dispose();
        _keyRefs.Dispose();
        _containers.Dispose();
    }

    /// <summary>Natural order of the paths, document order among ties.</summary>
    private int CompareNaturally(Entry x, Entry y) =>
        NaturalOrder.Compare(SortKeyOf(x), SortKeyOf(y)) is var byPath and not 0 ? byPath : x.Ordinal.CompareTo(y.Ordinal);

    private ReadOnlySpan<byte> PathOf(Entry entry) => _text.Items.Slice(entry.Start, entry.PathLength);

    /// <summary>The path as it is compared in natural order: itself, or a copy with its long runs of white space cut.</summary>
    private ReadOnlySpan<byte> SortKeyOf(Entry entry) => _text.Items.Slice(entry.SortKeyStart, entry.SortKeyLength);

    /// <summary>Reads a key: sets the path to it, or keeps a signature aside; <see langword="false"/> when its value is left out.</summary>
    private bool AddKey(ref Utf8JsonReader reader, bool excludeSignatures)
    {
        Span<byte> room = reader.ValueSpan.Length <= 256 ? stackalloc byte[256] : new byte[reader.ValueSpan.Length];
        var key = room[..reader.CopyString(room)];
        _keyRefs.Add(new Key(_containers[_containers.Count - 1].Number, _keys.Count, key.Length));
        _keys.AddRange(key);

        if (key.SequenceEqual("frame_mode"u8))
        {
            return false;
        }

        if (excludeSignatures && key.SequenceEqual("signature"u8))
        {
            reader.Read();
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (_containers.Count == 1)
            {
                _topSignature = (true, text);
            }
            else if (_containers.Count == 2 && _path.Items.SequenceEqual("general"u8))
            {
                _generalSignature = (true, text);
            }

            return false;
        }

        LostKey |= key.IsEmpty || key[0] == (byte)':' || key[^1] == (byte)':';
        AppendSeparator();
        AppendKey(key);
        return true;
    }

    /// <summary>Starts a container at the current path; a path of <c>""</c> or <c>"0"</c> is not passed on, as in PHP.</summary>
    private void Open(bool isArray)
    {
        if (_path.Count == 0 || _path.Items.SequenceEqual("0"u8))
        {
            LostKey = true;
            _path.Truncate(0);
        }

        _containers.Add(new Container(_path.Count, NextIndex: isArray ? 0 : -1, Number: ++_opened));
    }

    private void AddLeaf(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                Span<byte> room = reader.ValueSpan.Length <= 256 ? stackalloc byte[256] : new byte[reader.ValueSpan.Length];
                AddEntry(room[..reader.CopyString(room)]);
                break;
            case JsonTokenType.Number when reader.ValueSpan.IndexOfAny(".eE"u8) >= 0:
                AddEntry(Encoding.UTF8.GetBytes(PhpFloat.ToString(double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture))));
                break;
            case JsonTokenType.Number:
                AddEntry(reader.ValueSpan); // an integer keeps its JSON digits, whatever its size
                break;
            case JsonTokenType.True:
                AddEntry("1"u8);
                break;
            case JsonTokenType.False:
                AddEntry("0"u8);
                break;
            default:
                AddEntry([]); // null: the path alone, with an empty value
                break;
        }
    }

    /// <summary>Adds the current path with <paramref name="value"/> as an entry.</summary>
    private void AddEntry(ReadOnlySpan<byte> value)
    {
        var start = _text.Count;
        var path = _path.Items;
        _text.AddRange(path);
        _text.Add((byte)':');
        _text.AddRange(value);
        var (sortKeyStart, sortKeyLength) = (start, path.Length);
        if (NaturalOrder.HasLongWhiteSpaceRun(path))
        {
            sortKeyStart = _text.Count;
            sortKeyLength = NaturalOrder.CopyWithShortWhiteSpaceRuns(path, _text.Room(path.Length));
            _text.Truncate(sortKeyStart + sortKeyLength);
        }

        _entries.Add(new Entry(start, path.Length, path.Length + 1 + value.Length, _entries.Count, sortKeyStart, sortKeyLength));
    }

    private void AppendSeparator()
    {
        if (_path.Count > 0)
        {
            _path.Add((byte)':');
        }
    }

    /// <summary>Appends a key to the path with each of its <c>:</c> written <c>::</c>.</summary>
    private void AppendKey(ReadOnlySpan<byte> key)
    {
        for (var colon = key.IndexOf((byte)':'); colon >= 0; colon = key.IndexOf((byte)':'))
        {
            _path.AddRange(key[..(colon + 1)]);
            _path.Add((byte)':');
            key = key[(colon + 1)..];
        }

        _path.AddRange(key);
    }

    /// <summary>Whether two keys of one object are equal: the keys, sorted by object and bytes, side by side.</summary>
    private bool HasRepeatedKey()
    {
        var keys = _keyRefs.Items;
        keys.Sort((x, y) => x.Object != y.Object ? x.Object.CompareTo(y.Object) : KeyOf(x).SequenceCompareTo(KeyOf(y)));
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i].Object == keys[i - 1].Object && KeyOf(keys[i]).SequenceEqual(KeyOf(keys[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private ReadOnlySpan<byte> KeyOf(Key key) => _keys.Items.Slice(key.Start, key.Length);

    /// <summary>Where an entry's text <c>path:value</c> is, its place in the document, and where its path as sorted is.</summary>
    private readonly record struct Entry(int Start, int PathLength, int Length, int Ordinal, int SortKeyStart, int SortKeyLength);

    /// <summary>An object or array being read: where its path ends; for an array, the index of its next element (else -1).</summary>
    private record struct Container(int PathLength, int NextIndex, int Number);

    /// <summary>A key read, by the number of the object it is in.</summary>
    private readonly record struct Key(int Object, int Start, int Length);
}
