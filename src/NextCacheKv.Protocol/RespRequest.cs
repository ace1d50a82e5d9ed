using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace NextCacheKv.Protocol;

/// <summary>
/// The arguments of one parsed request. Create one per connection and pass it to every
/// <see cref="RespReader.TryParse"/> call; its storage is reused so steady-state parsing allocates nothing.
/// </summary>
/// <remarks>
/// Arguments usually point straight into the buffer given to TryParse (zero copy). Arguments that straddle
/// buffer segments stay there too (<see cref="GetSequence"/>) and are gathered into a pooled array only when
/// asked for in one piece; inline arguments that needed unescaping live in an internal pooled buffer.
/// Either way the contents are valid only until the next TryParse or <see cref="Clear"/> call, and only while
/// the caller has not released the parsed buffer (for a PipeReader: process the request before AdvanceTo).
/// Not thread-safe.
/// </remarks>
public sealed class RespRequest : IDisposable
{
    // Scratch larger than this is returned to the pool between requests, so one huge value does not pin memory.
    private const int RetainedScratchBytes = 1024 * 1024;
    private const int MinimumScratchBytes = 256;
    private const int InitialArgumentCapacity = 8;

    // Redis preallocates at most this many argv slots from the declared count; the rest grow on demand so a
    // hostile "*1000000" does not reserve memory before any argument arrives.
    private const int MaxPreallocatedArguments = 1024;

    private ArgumentSlot[] _slots = new ArgumentSlot[InitialArgumentCapacity];
    private byte[] _scratch = [];
    /// <summary>Pooled arrays holding split arguments that were asked for in one piece; returned with the request.</summary>
    private readonly List<byte[]> _gathered = [];
    /// <summary>Arguments of the request being parsed that straddle segments, where they are.</summary>
    private readonly List<ReadOnlySequence<byte>> _splits = [];
    private int _scratchUsed;
    private int _parsedCount;
    private int _count;

    /// <summary>Parser state of a partly received request.</summary>
    internal ParseProgress Progress;

    /// <summary>Number of arguments (command name included); 0 unless the last TryParse returned Complete.</summary>
    public int Count => _count;

    /// <summary>True when the request came as an inline (telnet style) line rather than a multibulk array.</summary>
    public bool IsInline { get; private set; }

    /// <summary>Bytes of argument <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => GetMemory(index).Span;

    /// <summary>Bytes of argument <paramref name="index"/> as memory, e.g. to hand to an async API before the buffer is released.</summary>
    public ReadOnlyMemory<byte> GetMemory(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndexOutOfRange(index);
        }

        ref ArgumentSlot slot = ref _slots[index];
        if (slot.IsSplit)
        {
            Gather(ref slot);
        }

        return slot.Memory;
    }

    /// <summary>
    /// Whether argument <paramref name="index"/> lies in one piece of the read buffer, so <see cref="GetMemory"/>
    /// hands it over without gathering (else <see cref="GetSequence"/> does, without copying).
    /// </summary>
    public bool IsContiguous(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndexOutOfRange(index);
        }

        return !_slots[index].IsSplit;
    }

    /// <summary>
    /// Bytes of argument <paramref name="index"/> where they are: several segments for a large argument that
    /// straddles the read buffer's segments, so it can be copied once, straight to where it is going.
    /// </summary>
    public ReadOnlySequence<byte> GetSequence(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndexOutOfRange(index);
        }

        ref ArgumentSlot slot = ref _slots[index];
        return slot.IsSplit ? _splits[slot.SplitIndex] : new ReadOnlySequence<byte>(slot.Memory);
    }

    /// <summary>ASCII case-insensitive comparison, typically against an upper-case literal such as "EX"u8.</summary>
    public bool ArgEqualsIgnoreCase(int index, ReadOnlySpan<byte> upperAsciiLiteral) =>
        Ascii.EqualsIgnoreCase(this[index], upperAsciiLiteral);

    /// <summary>Parses argument <paramref name="index"/> with Redis string2ll rules (see <see cref="RespNumbers.TryParseInt64"/>).</summary>
    public bool TryGetInt64(int index, out long value) => RespNumbers.TryParseInt64(this[index], out value);

    /// <summary>Parses argument <paramref name="index"/> with Redis strtod rules (see <see cref="RespNumbers.TryParseDouble"/>).</summary>
    public bool TryGetDouble(int index, out double value) => RespNumbers.TryParseDouble(this[index], out value);

    /// <summary>
    /// Forgets the current request and any partly parsed one. Call it when the buffer last given to TryParse is
    /// discarded without being consumed (for example when reusing this instance for another connection).
    /// </summary>
    public void Clear()
    {
        _count = 0;
        IsInline = false;
        StartNewRequest();
    }

    /// <summary>Returns the pooled scratch buffer. The instance stays usable and rents again when needed.</summary>
    public void Dispose()
    {
        Clear();
        ReturnScratch();
    }

    /// <summary>
    /// Makes this the request with <paramref name="arguments"/> (a queued MULTI command, a script's
    /// redis.call). The memory must stay valid until the request has run.
    /// </summary>
    public void Load(IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        StartNewRequest();
        EnsureArgumentCapacity(arguments.Count);
        for (int i = 0; i < arguments.Count; i++) AddArgument(arguments[i]);
        Publish(isInline: false);
    }

    /// <summary>A copy of the arguments that outlives the read buffer (MULTI's queue).</summary>
    public ReadOnlyMemory<byte>[] CopyArguments()
    {
        var copy = new ReadOnlyMemory<byte>[_count];
        for (int i = 0; i < _count; i++) copy[i] = GetMemory(i).ToArray();
        return copy;
    }

    internal int ParsedCount => _parsedCount;

    /// <summary>Called at the start of TryParse: hides the previous request and keeps only progress that still applies.</summary>
    internal void PrepareForParse(in ReadOnlySequence<byte> buffer)
    {
        _count = 0;
        IsInline = false;
        if (!Progress.Continues(buffer))
        {
            StartNewRequest();
        }
    }

    /// <summary>Drops parsed arguments and progress so the next bytes start a new request.</summary>
    internal void StartNewRequest()
    {
        Progress = default;
        _parsedCount = 0;
        _scratchUsed = 0;
        ReturnGathered();
        if (_scratch.Length > RetainedScratchBytes)
        {
            ReturnScratch();
        }
    }

    /// <summary>Makes the parsed arguments visible; scratch views are created now because scratch may have moved while growing.</summary>
    internal void Publish(bool isInline)
    {
        for (int i = 0; i < _parsedCount; i++)
        {
            ref ArgumentSlot slot = ref _slots[i];
            if (slot.ScratchOffset >= 0)
            {
                slot.Memory = new ReadOnlyMemory<byte>(_scratch, slot.ScratchOffset, slot.Length);
            }
        }

        _count = _parsedCount;
        IsInline = isInline;
        Progress = default;
    }

    internal void EnsureArgumentCapacity(long expected)
    {
        int wanted = (int)Math.Min(expected, MaxPreallocatedArguments);
        if (wanted > _slots.Length)
        {
            Array.Resize(ref _slots, wanted);
        }
    }

    /// <summary>Adds an argument that points into memory which stays valid until the request is processed.</summary>
    internal void AddArgument(ReadOnlyMemory<byte> memory)
    {
        AppendSlot() = new ArgumentSlot { Memory = memory, ScratchOffset = ArgumentSlot.InPlace, Length = memory.Length };
    }

    /// <summary>Adds an argument that spans segments of memory which stays valid until the request is processed.</summary>
    internal void AddSplitArgument(in ReadOnlySequence<byte> segments)
    {
        _splits.Add(segments);
        AppendSlot() = new ArgumentSlot { ScratchOffset = ArgumentSlot.SplitAt(_splits.Count - 1), Length = (int)segments.Length };
    }

    /// <summary>Adds an argument stored in scratch at <paramref name="offset"/>.</summary>
    internal void AddScratchArgument(int offset, int length)
    {
        AppendSlot() = new ArgumentSlot { ScratchOffset = offset, Length = length };
    }

    /// <summary>Reserves <paramref name="length"/> scratch bytes and returns their offset. May move the scratch array.</summary>
    internal int ReserveScratch(int length)
    {
        int required = checked(_scratchUsed + length);
        if (required > _scratch.Length)
        {
            GrowScratch(required);
        }

        int offset = _scratchUsed;
        _scratchUsed = required;
        return offset;
    }

    internal Memory<byte> ScratchMemory(int offset, int length) => _scratch.AsMemory(offset, length);

    private ref ArgumentSlot AppendSlot()
    {
        if (_parsedCount == _slots.Length)
        {
            Array.Resize(ref _slots, (int)Math.Min((long)_slots.Length * 2, Array.MaxLength));
        }

        return ref _slots[_parsedCount++];
    }

    private void GrowScratch(int required)
    {
        long doubled = Math.Min((long)_scratch.Length * 2, Array.MaxLength);
        int size = (int)Math.Max(Math.Max(required, doubled), MinimumScratchBytes);
        byte[] grown = ArrayPool<byte>.Shared.Rent(size);
        _scratch.AsSpan(0, _scratchUsed).CopyTo(grown);
        ReturnScratch();
        _scratch = grown;
    }

    /// <summary>Copies a split argument into one pooled array, kept until the next request.</summary>
    private void Gather(ref ArgumentSlot slot)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(slot.Length);
        _gathered.Add(array);
        _splits[slot.SplitIndex].CopyTo(array);
        slot.Memory = new ReadOnlyMemory<byte>(array, 0, slot.Length);
        slot.ScratchOffset = ArgumentSlot.InPlace;
    }

    private void ReturnGathered()
    {
        _splits.Clear();
        foreach (byte[] array in _gathered)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _gathered.Clear();
    }

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }

    [DoesNotReturn]
    private static void ThrowIndexOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Argument index is outside the parsed request.");
}
