namespace NextCacheKv.Storage;

/// <summary>How the log's page flushes reach the disk (<c>--log-direct-writes</c>).</summary>
public enum LogWriteMode
{
    /// <summary>Direct while the log grows mostly by large values' chunks, through the page cache otherwise (<see cref="DirectWritePolicy"/>).</summary>
    Auto,

    /// <summary>Always past the page cache (<c>O_DIRECT</c>).</summary>
    Direct,

    /// <summary>Always through the page cache.</summary>
    Buffered,
}
