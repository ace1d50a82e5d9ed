using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Walks the records of the part of the log that is only on disk (below the head address) by reading their
/// headers and keys straight from the log device, a block at a time. FASTER's own scan reads every page
/// whole, so finding the keys of a gigabyte of 1 MB chunks read a gigabyte; this reads a few kilobytes per
/// record. The record layout and the page-skipping rule are FASTER 2.6.5's (VariableLengthBlittableAllocator
/// and its scan iterator). One walker, one thread; blocks on the device.
/// </summary>
internal sealed unsafe class LogDiskReader : IDisposable
{
    /// <summary>Blocks read while the records are small: a few hundred records of 100 B per read.</summary>
    private const int SmallRecordsBlock = 64 * 1024;

    /// <summary>Blocks read after a record larger than a block: its next neighbour is usually large too.</summary>
    private const int LargeRecordsBlock = 4 * 1024;

    private const int Alignment = 4096;
    private const int RecordInfoBytes = 8;

    private readonly IDevice device;
    private readonly long pageBytes;
    private readonly SemaphoreSlim completed = new(0);
    private byte* buffer;
    private int capacity;
    private long bufferStart;
    private long bufferEnd;
    private int blockBytes = SmallRecordsBlock;
    private uint readError;
    private uint bytesRead;

    public LogDiskReader(IDevice device, long pageBytes)
    {
        this.device = device;
        this.pageBytes = pageBytes;
        capacity = SmallRecordsBlock;
        buffer = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, Alignment);
    }

    /// <summary>Bytes read from the device so far (tests and diagnostics).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Reads the record at <paramref name="address"/> (a record boundary below the head address) and returns the
    /// address of the next one. <paramref name="key"/> is null for a gap (FASTER leaves the end of a page empty when
    /// a record does not fit, and skips closed records); otherwise it is the record's store key, valid until the
    /// next call, with <paramref name="tombstone"/> and the record's size in the log.
    /// </summary>
    public long Next(long address, out ReadOnlySpan<byte> key, out bool tombstone, out int recordBytes)
        => Next(address, 0, out key, out _, out _, out tombstone, out recordBytes);

    /// <summary>
    /// <see cref="Next(long, out ReadOnlySpan{byte}, out bool, out int)"/>, with the first <paramref name="valueHeadBytes"/>
    /// bytes of the record's value as well (all of it when it is that short: <paramref name="wholeValue"/>), read with
    /// the key: what a walk needs of a value (its header, a manifest, a collection's stub) without reading it all.
    /// </summary>
    public long Next(long address, int valueHeadBytes, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> valueHead, out bool wholeValue,
        out bool tombstone, out int recordBytes)
    {
        key = default;
        valueHead = default;
        wholeValue = false;
        tombstone = false;
        recordBytes = 0;
        long offset = address & (pageBytes - 1);
        long nextPage = address - offset + pageBytes;
        if (offset + RecordInfoBytes > pageBytes) return nextPage;
        Load(address, RecordInfoBytes);
        var info = Unsafe.AsRef<RecordInfo>(At(address));
        if (info.IsNull())
        {
            // The empty end of a page, walked a word at a time as FASTER's scan does: in large blocks.
            blockBytes = SmallRecordsBlock;
            return address + RecordInfoBytes;
        }
        if (offset + RecordInfoBytes + sizeof(int) > pageBytes) return nextPage;
        Load(address, RecordInfoBytes + sizeof(int));

        int keyBytes = Unsafe.AsRef<SpanByte>(At(address + RecordInfoBytes)).TotalSize;
        long valueAt = address + RecordInfoBytes + Align8(keyBytes);
        if (valueAt - address + sizeof(int) > pageBytes - offset) return nextPage;
        Load(valueAt, sizeof(int));
        int valueBytes = Unsafe.AsRef<SpanByte>(At(valueAt)).TotalSize;
        long size = Align8(RecordInfoBytes + Align8(keyBytes) + (long)valueBytes);
        if (offset + size > pageBytes) return nextPage;
        // Large neighbours: read little beyond the next header. Small ones: many records per read.
        blockBytes = size > SmallRecordsBlock ? LargeRecordsBlock : SmallRecordsBlock;
        if (info.SkipOnScan) return address + size;

        int head = Math.Min(valueBytes - sizeof(int), Math.Max(0, valueHeadBytes));
        Load(address, valueHeadBytes > 0 ? (int)(valueAt - address) + sizeof(int) + head : RecordInfoBytes + keyBytes);
        key = Unsafe.AsRef<SpanByte>(At(address + RecordInfoBytes)).AsReadOnlySpan();
        if (valueHeadBytes > 0)
        {
            var value = Unsafe.AsRef<SpanByte>(At(valueAt)).AsReadOnlySpan();
            wholeValue = value.Length <= head;
            valueHead = value[..Math.Min(value.Length, head)];
        }
        tombstone = info.Tombstone;
        recordBytes = (int)size;
        return address + size;
    }

    private byte* At(long address) => buffer + (address - bufferStart);

    private static long Align8(long bytes) => (bytes + 7) & ~7L;

    /// <summary>Makes [address, address + length) of the log (within one page) readable in the buffer.</summary>
    private void Load(long address, int length)
    {
        if (address >= bufferStart && address + length <= bufferEnd) return;
        long start = address & ~(long)(Alignment - 1);
        long pageEnd = (address & ~(pageBytes - 1)) + pageBytes;
        long wanted = Math.Max(blockBytes, address + length - start + Alignment - 1) & ~(long)(Alignment - 1);
        int bytes = (int)Math.Min(wanted, pageEnd - start);
        if (bytes > capacity)
        {
            NativeMemory.AlignedFree(buffer);
            buffer = null;
            bufferStart = bufferEnd = 0;
            buffer = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
            capacity = bytes;
        }

        device.ReadAsync((ulong)start, (IntPtr)buffer, (uint)bytes, OnRead, null);
        completed.Wait();
        BytesRead += bytes;
        if (readError != 0)
        {
            bufferStart = bufferEnd = 0;
            throw new IOException($"Reading {bytes} bytes of the log at address {start} failed (error {readError})");
        }
        // Past the end of a segment file (a page flushed only in part) reads short: those bytes are empty log.
        if (bytesRead < bytes) new Span<byte>(buffer + bytesRead, bytes - (int)bytesRead).Clear();
        bufferStart = start;
        bufferEnd = start + bytes;
    }

    private void OnRead(uint errorCode, uint numBytes, object context)
    {
        readError = errorCode;
        bytesRead = numBytes;
        completed.Release();
    }

    public void Dispose()
    {
        if (buffer is not null) NativeMemory.AlignedFree(buffer);
        buffer = null;
        completed.Dispose();
    }
}
