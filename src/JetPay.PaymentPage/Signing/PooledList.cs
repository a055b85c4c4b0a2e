using System.Buffers;

namespace JetPay.PaymentPage;

/// <summary>A growable array rented from the shared pool, cleared when it goes back (it may hold personal data).</summary>
internal sealed class PooledList<T>(int capacity = 64) : IDisposable
    where T : struct
{
    private T[] _items = ArrayPool<T>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public Span<T> Items => _items.AsSpan(0, Count);

    public ref T this[int index] => ref _items[index];

    public void Add(T item) => Room(1)[0] = item;

    public void AddRange(ReadOnlySpan<T> items) => items.CopyTo(Room(items.Length));

    /// <summary>Makes <paramref name="length"/> items of room at the end, counted as added, and returns them.</summary>
    public Span<T> Room(int length)
    {
        if (_items.Length - Count < length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Max(_items.Length * 2, Count + length));
            Items.CopyTo(larger);
            Return();
            _items = larger;
        }

        Count += length;
        return _items.AsSpan(Count - length, length);
    }

    /// <summary>Drops the items from <paramref name="count"/> on.</summary>
    public void Truncate(int count)
    {
        _items.AsSpan(count, Count - count).Clear();
        Count = count;
    }

    public void Dispose()
    {
        Return();
        _items = [];
        Count = 0;
    }

    private void Return()
    {
        Items.Clear();
        ArrayPool<T>.Shared.Return(_items);
    }
}
