using System.Buffers.Text;
using System.Text.Json;

namespace JetPay.PaymentPage;

internal sealed partial class SigningEntries
{
    private byte[] _path = new byte[256];
    private int _pathLength;
    private byte[] _unescapedKey = new byte[64];
    private Frame[] _frames = new Frame[16];
    private CapturedSignature _topLevelSignature;
    private CapturedSignature _generalSignature;
    private bool _lostKey;

    /// <summary>Whether <see cref="AddJson"/> read an object at the top (not an array).</summary>
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

    /// <summary>
    /// The signature the payload carries, after <see cref="AddJson"/> with signatures excluded:
    /// the top-level <c>signature</c>, or else <c>general.signature</c>.
    /// </summary>
    public ref readonly CapturedSignature CarriedSignature =>
        ref _topLevelSignature.State != CapturedSignatureState.Absent ? ref _topLevelSignature : ref _generalSignature;

    /// <summary>
    /// Adds every leaf of a JSON object (or array) as an entry: depth-first, keys joined with <c>:</c>,
    /// <c>frame_mode</c> left out at every level, and with <paramref name="excludeSignatures"/> set also every
    /// <c>signature</c>, whose top-level and <c>general</c> values are captured.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, or nests deeper than <paramref name="maxDepth"/>.</exception>
    /// <exception cref="ArgumentException">The JSON is a scalar, not an object or an array.</exception>
    public void AddJson(ReadOnlySpan<byte> utf8Json, int maxDepth, bool excludeSignatures)
    {
        _topLevelSignature = default;
        _generalSignature = default;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            throw new ArgumentException("The payload must be a JSON object or array.", nameof(utf8Json));
        }

        _pathLength = 0;
        _lostKey = false;
        RootIsObject = reader.TokenType == JsonTokenType.StartObject;
        PushFrame(0, reader.TokenType == JsonTokenType.StartArray, isGeneral: false);
        var nextObjectIsGeneral = false;

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    ref var container = ref _frames[reader.CurrentDepth - 1];
                    var key = ReadKey(ref reader);
                    if (key.SequenceEqual("frame_mode"u8))
                    {
                        reader.Skip();
                        continue;
                    }

                    if (excludeSignatures && key.SequenceEqual("signature"u8))
                    {
                        reader.Read();
                        if (reader.CurrentDepth == 1)
                        {
                            _topLevelSignature = CapturedSignature.From(ref reader);
                        }
                        else if (container.IsGeneral)
                        {
                            _generalSignature = CapturedSignature.From(ref reader);
                        }

                        reader.Skip();
                        continue;
                    }

                    _lostKey |= key.IsEmpty || key[0] == (byte)':' || key[^1] == (byte)':';
                    nextObjectIsGeneral = reader.CurrentDepth == 1 && key.SequenceEqual("general"u8);
                    _pathLength = container.PathLength;
                    AppendPathSeparator();
                    AppendPathKey(key);
                    break;
                }

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    break;

                default:
                {
                    ref var container = ref _frames[reader.CurrentDepth - 1];
                    if (container.NextIndex >= 0)
                    {
                        _pathLength = container.PathLength;
                        AppendPathSeparator();
                        AppendPathIndex(container.NextIndex++);
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        var isArray = reader.TokenType == JsonTokenType.StartArray;
                        PushFrame(reader.CurrentDepth, isArray, isGeneral: nextObjectIsGeneral && !isArray);
                    }
                    else
                    {
                        AddLeaf(ref reader);
                    }

                    nextObjectIsGeneral = false;
                    break;
                }
            }
        }
    }

    private void AddLeaf(ref Utf8JsonReader reader)
    {
        var start = BeginEntry(_path.AsSpan(0, _pathLength));
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    Advance(reader.CopyString(GetSpan(reader.ValueSpan.Length)));
                }
                else
                {
                    Append(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Number:
                JsonNumberText.AppendAsPhpString(reader.ValueSpan, this);
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

        EndEntry(start, _pathLength);
    }

    private ReadOnlySpan<byte> ReadKey(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        if (_unescapedKey.Length < reader.ValueSpan.Length)
        {
            _unescapedKey = new byte[reader.ValueSpan.Length];
        }

        var written = reader.CopyString(_unescapedKey);
        return _unescapedKey.AsSpan(0, written);
    }

    /// <summary>Ends the parent path with <c>:</c>, unless there is none (see <see cref="PushFrame"/>).</summary>
    private void AppendPathSeparator()
    {
        if (_pathLength == 0)
        {
            return;
        }

        EnsurePathCapacity(_pathLength + 1);
        _path[_pathLength++] = (byte)':';
    }

    private void AppendPathKey(ReadOnlySpan<byte> key)
    {
        var colons = key.Count((byte)':');
        EnsurePathCapacity(_pathLength + key.Length + colons);
        var target = _path.AsSpan(_pathLength);
        key.CopyTo(target);
        if (colons > 0)
        {
            DoubleColons(target, key.Length, colons);
        }

        _pathLength += key.Length + colons;
    }

    private void AppendPathIndex(int index)
    {
        EnsurePathCapacity(_pathLength + 11);
        Utf8Formatter.TryFormat(index, _path.AsSpan(_pathLength), out var written);
        _pathLength += written;
    }

    private void EnsurePathCapacity(int needed)
    {
        if (_path.Length < needed)
        {
            Array.Resize(ref _path, Math.Max(_path.Length * 2, needed));
        }
    }

    /// <summary>
    /// Starts a container at the current path. PHP keeps a parent path only when it is truthy: a container whose path
    /// is <c>""</c> or <c>"0"</c> passes none on to any of its children. The reference SDK behaves so, and the platform
    /// is assumed to sign the same way.
    /// </summary>
    private void PushFrame(int depth, bool isArray, bool isGeneral)
    {
        if (depth >= _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(_frames.Length * 2, depth + 1));
        }

        var pathLength = _pathLength;
        if (depth > 0 && (pathLength == 0 || (pathLength == 1 && _path[0] == (byte)'0')))
        {
            _lostKey = true;
            pathLength = 0;
        }

        _frames[depth] = new Frame(pathLength, isArray ? 0 : -1, isGeneral);
    }

    /// <summary>A container being read: where its path ends and, for an array, the index of its next element.</summary>
    private struct Frame(int pathLength, int nextIndex, bool isGeneral)
    {
        public readonly int PathLength = pathLength;
        public int NextIndex = nextIndex;
        public readonly bool IsGeneral = isGeneral;
    }
}
