using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JetPay.PaymentPage;

internal sealed partial class SigningEntries
{
    /// <summary>
    /// How many bytes the entries of a JSON payload may take. Each leaf repeats its path, so a body of a few kilobytes
    /// with a long key over many leaves flattens to megabytes; JetPay's callbacks take about one.
    /// </summary>
    public const int MaxJsonEntryBytes = 1024 * 1024;

    private byte[] _path = new byte[256];
    private int _pathLength;
    private Frame[] _frames = new Frame[16];
    private CapturedSignature _topLevelSignature;
    private CapturedSignature _generalSignature;
    private bool _lostKey;

    /// <summary>Whether <see cref="TryAddJson"/> read an object at the top (not an array).</summary>
    public bool RootIsObject { get; private set; }

    /// <summary>
    /// Whether the flattening is one-to-one: every key of the JSON shows in the path of its leaves, and no two leaves
    /// share a path. Valid after <see cref="BuildSigningString"/>. PHP's flattening, which the signature follows,
    /// drops an empty parent path and a parent path of <c>0</c>; a key that is empty or starts or ends with <c>:</c>
    /// makes two different key sequences write the same path (<c>{"a:":{"b":1}}</c> and <c>{"a":{":b":1}}</c> both
    /// give <c>a:::b</c>); and a repeated key gives the same path twice. In any of these, two documents that read
    /// differently carry the same signing string.
    /// </summary>
    public bool IsOneToOne => !_lostKey && !_sawDuplicatePath;

    /// <summary>The top-level <c>signature</c>, or else <c>general.signature</c>, captured by <see cref="TryAddJson"/>.</summary>
    public ref readonly CapturedSignature CarriedSignature =>
        ref _topLevelSignature.State != CapturedSignatureState.Absent ? ref _topLevelSignature : ref _generalSignature;

    /// <summary>
    /// Adds every leaf of a JSON object or array as an entry, depth-first, <c>frame_mode</c> left out at every level;
    /// with <paramref name="excludeSignatures"/> every <c>signature</c> is left out too, the top-level and
    /// <c>general</c> ones captured.
    /// </summary>
    /// <returns>
    /// <see langword="false"/> for a scalar, text that is not JSON, JSON nested deeper than <paramref name="maxDepth"/>,
    /// or entries of more than <see cref="MaxJsonEntryBytes"/>.
    /// </returns>
    public bool TryAddJson(ReadOnlySpan<byte> utf8Json, int maxDepth, bool excludeSignatures)
    {
        _topLevelSignature = _generalSignature = default;
        _lostKey = false;
        _pathLength = 0;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return false;
            }

            RootIsObject = reader.TokenType == JsonTokenType.StartObject;
            PushFrame(0, isArray: !RootIsObject);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        AddKey(ref reader, excludeSignatures);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        break;
                    default:
                        ref var container = ref _frames[reader.CurrentDepth - 1];
                        if (container.NextIndex >= 0)
                        {
                            _pathLength = container.PathLength;
                            AppendPathSeparator();
                            Utf8Formatter.TryFormat(container.NextIndex++, GrowPath(11), out var written);
                            _pathLength += written;
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            PushFrame(reader.CurrentDepth, isArray: reader.TokenType == JsonTokenType.StartArray);
                        }
                        else
                        {
                            AddLeaf(ref reader);
                            if (_dataLength > MaxJsonEntryBytes)
                            {
                                return false;
                            }
                        }

                        break;
                }
            }

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

    /// <summary>Sets the path to the key the reader stands on, or captures or skips its value.</summary>
    private void AddKey(ref Utf8JsonReader reader, bool excludeSignatures)
    {
        var depth = reader.CurrentDepth;
        _pathLength = _frames[depth - 1].PathLength;
        AppendPathSeparator();
        var keyStart = _pathLength;
        var room = GrowPath(2 * reader.ValueSpan.Length); // the key unescaped, and a second ':' for each of its colons
        var key = room[..reader.CopyString(room)];
        _pathLength += key.Length;

        if (key.SequenceEqual("frame_mode"u8))
        {
            reader.Skip();
        }
        else if (excludeSignatures && key.SequenceEqual("signature"u8))
        {
            reader.Read();
            if (depth == 1)
            {
                _topLevelSignature = CapturedSignature.From(ref reader);
            }
            else if (depth == 2 && _path.AsSpan(0, _frames[1].PathLength).SequenceEqual("general"u8))
            {
                _generalSignature = CapturedSignature.From(ref reader);
            }

            reader.Skip();
        }
        else
        {
            _lostKey |= key.IsEmpty || key[0] == (byte)':' || key[^1] == (byte)':';
            DoubleColons(keyStart);
        }
    }

    private void AddLeaf(ref Utf8JsonReader reader)
    {
        var start = BeginEntry();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                _dataLength += reader.CopyString(GetSpan(reader.ValueSpan.Length));
                break;
            case JsonTokenType.Number when reader.ValueSpan.IndexOfAny(".eE"u8) >= 0:
                var value = double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
                Append(Encoding.UTF8.GetBytes(PhpFloat.ToString(value)));
                break;
            case JsonTokenType.Number:
                // An integer keeps its JSON digits, whatever its size, so nothing is lost to a conversion.
                Append(reader.ValueSpan);
                break;
            case JsonTokenType.True:
                Append((byte)'1');
                break;
            case JsonTokenType.False:
                Append((byte)'0');
                break;
            default:
                // null: the path alone, with an empty value
                break;
        }

        Commit(start);
    }

    /// <summary>
    /// Starts a container at the current path. PHP passes a parent path on only when it is truthy: a container whose
    /// path is <c>""</c> or <c>"0"</c> gives none to any of its children. The reference SDK does so, and the platform is
    /// assumed to sign the same way.
    /// </summary>
    private void PushFrame(int depth, bool isArray)
    {
        if (depth == _frames.Length)
        {
            Array.Resize(ref _frames, depth * 2);
        }

        var pathLength = _pathLength;
        if (depth > 0 && (pathLength == 0 || _path.AsSpan(0, pathLength).SequenceEqual("0"u8)))
        {
            _lostKey = true;
            pathLength = 0;
        }

        _frames[depth] = new Frame { PathLength = pathLength, NextIndex = isArray ? 0 : -1 };
    }

    private void AppendPathSeparator()
    {
        if (_pathLength > 0)
        {
            GrowPath(1)[0] = (byte)':';
            _pathLength++;
        }
    }

    /// <summary>Room for <paramref name="bytes"/> more bytes at the end of the path.</summary>
    private Span<byte> GrowPath(int bytes)
    {
        if (_path.Length < _pathLength + bytes)
        {
            Array.Resize(ref _path, Math.Max(_path.Length * 2, _pathLength + bytes));
        }

        return _path.AsSpan(_pathLength);
    }

    /// <summary>Writes each <c>:</c> of the key at the end of the path as <c>::</c>, in place; the room is there.</summary>
    private void DoubleColons(int keyStart)
    {
        var colons = _path.AsSpan(keyStart, _pathLength - keyStart).Count((byte)':');
        var to = _pathLength + colons;
        for (var from = _pathLength - 1; to > from + 1; from--)
        {
            _path[--to] = _path[from];
            if (_path[from] == (byte)':')
            {
                _path[--to] = (byte)':';
            }
        }

        _pathLength += colons;
    }

    /// <summary>A container being read: where its path ends and, for an array, the index of its next element.</summary>
    private struct Frame
    {
        public int PathLength;
        public int NextIndex;
    }
}
