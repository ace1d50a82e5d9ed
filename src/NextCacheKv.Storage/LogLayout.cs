using System.Globalization;

namespace NextCacheKv.Storage;

/// <summary>
/// The log's page size, kept in the data folder. FASTER addresses records by page and never records the page
/// size itself: recovering a log with another page size read records at the wrong offsets and crashed the
/// process (an access violation inside FASTER's recovery). So a log is always opened with the size it was
/// written with, whatever <c>--page-size</c> says now.
/// </summary>
public static class LogLayout
{
    public const string FileName = "layout";

    /// <summary>The page size of data folders written before this file existed: the default of that time.</summary>
    public const long LegacyPageBytes = 4L * 1024 * 1024;

    /// <summary>
    /// The page size to open the store in <paramref name="directory"/> with: <paramref name="requested"/> for a
    /// new log, the recorded one when a checkpoint exists. Records the result before any checkpoint can use it.
    /// </summary>
    public static long Resolve(string directory, long requested, bool checkpointExists, Action<string> log)
    {
        string path = Path.Combine(directory, FileName);
        long? recorded = Read(path);
        long pageBytes = requested;
        if (checkpointExists)
        {
            pageBytes = recorded ?? LegacyPageBytes;
            if (pageBytes != requested)
                log($"Log page size stays {pageBytes} bytes, the size the log in '{directory}' was written with (a new page size applies to a new data folder)");
        }
        if (recorded != pageBytes) Write(path, pageBytes);
        return pageBytes;
    }

    private static long? Read(string path)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path).Trim();
        const string prefix = "page-size ";
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long pageBytes)
            && IsValidPageSize(pageBytes))
            return pageBytes;
        throw new InvalidDataException($"'{path}' should hold 'page-size N' (N a power of two), the log's page size; it holds '{text}'");
    }

    private static void Write(string path, long pageBytes)
        => DurableFile.Replace(path, file => file.Write(System.Text.Encoding.ASCII.GetBytes($"page-size {pageBytes.ToString(CultureInfo.InvariantCulture)}\n")));

    /// <summary>FASTER takes page sizes that are powers of two (it would round another size down).</summary>
    public static bool IsValidPageSize(long pageBytes) => pageBytes >= 512 && long.IsPow2(pageBytes);
}
