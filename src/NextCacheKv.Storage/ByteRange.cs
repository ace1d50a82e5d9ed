namespace NextCacheKv.Storage;

/// <summary>GETRANGE's index rules: negatives count from the end, both ends inclusive, clamped.</summary>
public static class ByteRange
{
    public static (long Offset, long Count) Resolve(long length, long start, long end)
    {
        if (start < 0 && end < 0 && start > end) return (0, 0);
        if (start < 0) start = Math.Max(0, length + start);
        if (end < 0) end = Math.Max(0, length + end);
        if (end >= length) end = length - 1;
        if (length == 0 || start > end) return (0, 0);
        return (start, end - start + 1);
    }
}
