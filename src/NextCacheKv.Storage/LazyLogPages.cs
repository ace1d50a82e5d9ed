using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Keeps log pages no record has reached out of resident memory. FASTER 2.6.5 allocates each page whole and
/// clears it (<c>Array.Clear</c>), and always one page ahead of the tail, so with 4 MB pages an empty store held
/// 8 MB and one with 15 MB of records 20 MB. Two things fix that, on Linux only:
/// <list type="bullet">
/// <item>at open, before anything else runs, the memory past the tail is handed back to the kernel
/// (<c>madvise(MADV_DONTNEED)</c>): it reads as zeros, as FASTER left it, and costs nothing until written;</item>
/// <item>FASTER takes a new page from its pool of spare pages before it allocates one, so the pool is kept
/// stocked with pages prepared the same way (<see cref="Stock"/>, called once a second).</item>
/// </list>
/// Reaches FASTER's page pool by reflection (kept in trimmed and native builds by <c>ILLink.Descriptors.xml</c>);
/// when its layout is not the one expected, <see cref="TryCreate"/> returns null and FASTER allocates as before.
/// </summary>
internal sealed unsafe partial class LazyLogPages
{
    /// <summary>Spare pages kept ready: a burst of writes that crosses more pages than this gets cleared pages again.</summary>
    public const int SparePages = 4;

    private const int OsPageBytes = 4096;
    private const int DontNeed = 4; // MADV_DONTNEED

    private readonly FasterKV<SpanByte, SpanByte> kv;
    private readonly Action<string> log;
    private bool off;
    private readonly object pool;
    private readonly PropertyInfo poolCount;
    private readonly MethodInfo poolAdd;
    private readonly MethodInfo poolTake;
    private readonly Type pageUnitType;
    private readonly FieldInfo pageUnitValue;
    private readonly FieldInfo pageUnitPointer;
    private readonly long[] pagePointers;
    private readonly int pageBytes;
    private readonly int sectorBytes;

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "ILLink.Descriptors.xml keeps the pool's TryAdd; a method trimmed away is reported as missing, and FASTER allocates as before.")]
    private LazyLogPages(FasterKV<SpanByte, SpanByte> kv, Action<string> log)
    {
        this.kv = kv;
        this.log = log;
        object allocator = FasterInternals.LogAllocator(kv);
        var allocatorType = allocator.GetType();
        pool = FasterInternals.FieldOf(allocatorType, "overflowPagePool").GetValue(allocator)!;
        poolCount = PropertyOf(pool.GetType(), "Count");
        poolAdd = pool.GetType().GetMethod("TryAdd", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                  ?? throw new MissingMethodException(pool.GetType().Name, "TryAdd");
        poolTake = pool.GetType().GetMethod("TryGet", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                   ?? throw new MissingMethodException(pool.GetType().Name, "TryGet");
        pageUnitType = poolAdd.GetParameters()[0].ParameterType;
        pageUnitValue = FasterInternals.FieldOf(pageUnitType, "value");
        pageUnitPointer = FasterInternals.FieldOf(pageUnitType, "pointer");
        int pageBits;
        (pagePointers, pageBits, _, _) = FasterInternals.LogPages(kv);
        pageBytes = 1 << pageBits;
        sectorBytes = (int)FasterInternals.FieldOf(allocatorType, "sectorSize").GetValue(allocator)!;
        if (pageUnitValue.FieldType != typeof(byte[]) || pageUnitPointer.FieldType != typeof(long))
            throw new MissingFieldException(pageUnitType.Name, "value");
    }

    /// <summary>The page pool of <paramref name="kv"/>'s log, or null (logged) where FASTER's layout differs or not on Linux.</summary>
    public static LazyLogPages? TryCreate(FasterKV<SpanByte, SpanByte> kv, Action<string> log)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return new LazyLogPages(kv, log);
        }
        catch (Exception e)
        {
            log($"Log pages are allocated whole (FASTER's page pool not found: {e.Message})");
            return null;
        }
    }

    /// <summary>
    /// Hands back the memory past the log's tail: the rest of the tail page, and the page ahead of it unless that
    /// slot of the circular buffer still holds records in memory (a recovered log can fill every slot). Only
    /// while nothing else uses the store (at open): a write landing there meanwhile would be lost.
    /// </summary>
    public void ReleasePastTail()
    {
        long tail = kv.Log.TailAddress;
        long tailPage = tail / pageBytes;
        int slots = pagePointers.Length;
        long tailStart = pagePointers[tailPage % slots];
        if (tailStart != 0) Release(tailStart + tail % pageBytes, tailStart + pageBytes);
        long aheadPage = tailPage + 1;
        // The slot's last occupant, one lap back, must end at or below the head: nothing of it is in memory.
        long occupantEnd = (aheadPage - slots + 1) * pageBytes;
        long aheadStart = pagePointers[aheadPage % slots];
        if (aheadStart != 0 && aheadPage % slots != tailPage % slots && occupantEnd <= kv.Log.HeadAddress)
            Release(aheadStart, aheadStart + pageBytes);
    }

    /// <summary>Bytes of the pages in FASTER's pool of spare pages (which FASTER counts as log memory).</summary>
    public long SpareBytes => (long)(int)poolCount.GetValue(pool)! * pageBytes;

    /// <summary>
    /// Keeps <see cref="SparePages"/> pages not yet resident in FASTER's pool, or fewer when fewer slots of the
    /// circular buffer are still unallocated. FASTER allocates a slot once and reuses it, so once every slot has
    /// its page the spares are dropped (they were never touched).
    /// </summary>
    public void Stock()
    {
        if (off) return;
        try
        {
            int unallocated = 0;
            foreach (long page in pagePointers)
                if (page == 0) unallocated++;
            int target = Math.Min(SparePages, unallocated);
            int spare = (int)poolCount.GetValue(pool)!;
            for (; spare < target; spare++)
                if (!(bool)poolAdd.Invoke(pool, [NewPage()])!) return;
            for (; spare > target; spare--)
                if (!(bool)poolTake.Invoke(pool, [null])!) return;
        }
        catch (Exception e)
        {
            // Never worth stopping the caller (the server's once-a-second housekeeping): FASTER allocates as before.
            off = true;
            log($"Log pages are allocated whole from now on (stocking FASTER's page pool failed: {e.Message})");
        }
    }

    /// <summary>A page as FASTER's own allocation makes it (pinned, zero, sector-aligned inside), but not resident.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2077", Justification = "PageUnit is a struct kept whole by ILLink.Descriptors.xml; it needs no constructor.")]
    private object NewPage()
    {
        byte[] memory = GC.AllocateUninitializedArray<byte>(pageBytes + 2 * sectorBytes, pinned: true);
        long first = (long)Unsafe.AsPointer(ref memory[0]);
        long end = first + memory.Length;
        // Uninitialised memory may hold an earlier object's bytes: the whole OS pages are dropped (they read as zeros
        // from now on), and the partial ones at either end, which hold the array's header, are cleared by hand.
        if (Release(first, end))
        {
            new Span<byte>((void*)first, (int)(AlignUp(first) - first)).Clear();
            new Span<byte>((void*)AlignDown(end), (int)(end - AlignDown(end))).Clear();
        }
        else
        {
            memory.AsSpan().Clear();
        }
        object unit = RuntimeHelpers.GetUninitializedObject(pageUnitType);
        pageUnitValue.SetValue(unit, memory);
        pageUnitPointer.SetValue(unit, (first + (sectorBytes - 1)) & ~((long)sectorBytes - 1));
        return unit;
    }

    /// <summary>Hands the whole OS pages in [from, to) back to the kernel; they read as zeros from now on. False if it refused.</summary>
    private static bool Release(long from, long to)
    {
        long start = AlignUp(from), end = AlignDown(to);
        return start < end && Madvise((void*)start, (nuint)(end - start), DontNeed) == 0;
    }

    private static long AlignUp(long address) => (address + OsPageBytes - 1) & ~(long)(OsPageBytes - 1);
    private static long AlignDown(long address) => address & ~(long)(OsPageBytes - 1);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A property trimmed away is reported as missing, and the caller does without.")]
    private static PropertyInfo PropertyOf(Type type, string name)
        => type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
           ?? throw new MissingMemberException(type.Name, name);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);
}
