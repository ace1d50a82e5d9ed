using System.Text;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// Redis 7's first-line flags for EVAL scripts, "#!lua flags=no-writes,...": a script that has the line
/// but not no-writes counts as a writer (refused by EVAL_RO); one with no-writes may not write.
/// </summary>
internal readonly record struct ScriptShebang(bool Present, bool NoWrites)
{
    private static readonly string[] KnownFlags = ["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"];

    /// <summary>Reads the shebang of <paramref name="body"/>; null on success, else Redis's error text.</summary>
    public static string? TryParse(ReadOnlySpan<byte> body, out ScriptShebang shebang)
    {
        shebang = default;
        if (!body.StartsWith("#!"u8)) return null;
        int end = body.IndexOf((byte)'\n');
        if (end < 0) return "ERR Invalid script shebang";
        var parts = Encoding.UTF8.GetString(body[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts[0] != "#!lua") return "ERR Unexpected engine in script shebang: " + parts[0];
        bool noWrites = false;
        foreach (var part in parts.Skip(1))
        {
            if (!part.StartsWith("flags=", StringComparison.Ordinal)) return "ERR Unknown lua shebang option: " + part;
            foreach (var flag in part["flags=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!KnownFlags.Contains(flag)) return "ERR Unexpected flag in script shebang: " + flag;
                noWrites |= flag == "no-writes";
            }
        }
        shebang = new ScriptShebang(true, noWrites);
        return null;
    }

    /// <summary>The source Lua compiles: the shebang turned into a comment, so line numbers stay the same.</summary>
    public static byte[] Source(ReadOnlySpan<byte> body, ScriptShebang shebang)
    {
        var source = body.ToArray();
        if (shebang.Present) source[0] = source[1] = (byte)'-';
        return source;
    }
}
