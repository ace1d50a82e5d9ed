using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// The parts of FASTER 2.6.5 it keeps internal that the store reads: its hash table (for the batch prefetcher
/// and for checking a recovered index) and the page table of its log. Found by reflection, and kept in
/// trimmed and native builds by the embedded <c>ILLink.Descriptors.xml</c>. Every accessor throws
/// <see cref="MissingFieldException"/> (or another reflection exception) when FASTER's layout is not the one
/// expected; callers then do without.
/// </summary>
internal static unsafe class FasterInternals
{
    public const int BucketBytes = 64;
    /// <summary>Entries per bucket before the last word, which links the overflow bucket.</summary>
    public const int EntriesPerBucket = 7;
    public const int TagShiftInEntry = 48;
    public const int TagShiftInHash = 50;
    public const long TagMask = (1L << 14) - 1;
    public const long AddressMask = (1L << 48) - 1;
    public const long ReadCacheBit = 1L << 47;

    /// <summary>One version of the hash table: its buckets, and the array that holds their memory (keep it to keep them valid).</summary>
    public sealed record HashTable(object Memory, long Buckets, long Size, long Mask)
    {
        public long* Bucket(long index) => (long*)(Buckets + index * BucketBytes);
    }

    /// <summary>
    /// FASTER's hash of a store key (its SpanByte comparer hashes the bytes). Whatever must agree with FASTER's
    /// buckets uses this one: the write-lock stripes and the prefetcher.
    /// </summary>
    public static long HashOf(ReadOnlySpan<byte> storeKey)
    {
        fixed (byte* p = storeKey) return Utility.HashBytes(p, storeKey.Length);
    }

    /// <summary>RMW options carrying a key's hash, so FASTER does not compute it again (its setter is internal).</summary>
    public static RMWOptions RmwOptionsWithHash(long hash)
    {
        var options = default(RMWOptions);
        SetKeyHash(ref options, hash);
        return options;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_KeyHash")]
    private static extern void SetKeyHash(ref RMWOptions options, long? hash);

    /// <summary>The hash table FASTER uses now.</summary>
    public static HashTable CurrentTable(FasterKV<SpanByte, SpanByte> kv)
    {
        object resize = FieldOf(typeof(FasterBase), "resizeInfo").GetValue(kv)!;
        int version = (int)FieldOf(resize.GetType(), "version").GetValue(resize)!;
        object current = ((Array)FieldOf(typeof(FasterBase), "state").GetValue(kv)!).GetValue(version)!;
        var type = current.GetType();
        return new HashTable(
            FieldOf(type, "tableRaw").GetValue(current)!,
            (long)Pointer.Unbox(FieldOf(type, "tableAligned").GetValue(current)!),
            (long)FieldOf(type, "size").GetValue(current)!,
            (long)FieldOf(type, "size_mask").GetValue(current)!);
    }

    /// <summary>Maps an overflow bucket's logical address (the last word of a bucket) to its memory.</summary>
    public static Func<long, long> OverflowBuckets(FasterKV<SpanByte, SpanByte> kv)
    {
        object allocator = FieldOf(typeof(FasterBase), "overflowBucketsAllocator").GetValue(kv)!;
        var physical = MethodOf(allocator.GetType(), "GetPhysicalAddress");
        return address => (long)physical.Invoke(allocator, [address])!;
    }

    /// <summary>The log's allocator (FASTER's <c>hlog</c>), which holds its pages.</summary>
    public static object LogAllocator(FasterKV<SpanByte, SpanByte> kv) => FieldOf(kv.GetType(), "hlog").GetValue(kv)!;

    /// <summary>The log's page table: where each page of the circular buffer lives, and how to index it.</summary>
    public static (long[] Pages, int PageBits, long PageMask, long BufferMask) LogPages(FasterKV<SpanByte, SpanByte> kv)
    {
        object log = LogAllocator(kv);
        var type = log.GetType();
        return ((long[])FieldOf(type, "pointers").GetValue(log)!,
            (int)FieldOf(type, "LogPageSizeBits").GetValue(log)!,
            (int)FieldOf(type, "PageSizeMask").GetValue(log)!,
            (int)FieldOf(type, "BufferSizeMask").GetValue(log)!);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A field trimmed away is reported as missing, and the caller does without.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above, for the base types walked.")]
    internal static FieldInfo FieldOf(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var field = t.GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (field is not null) return field;
        }

        throw new MissingFieldException(type.Name, name);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A method trimmed away is reported as missing, and the caller does without.")]
    private static MethodInfo MethodOf(Type type, string name)
        => type.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(long)])
           ?? throw new MissingMethodException(type.Name, name);
}
