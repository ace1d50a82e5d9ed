namespace NextCacheKv.Server;

/// <summary>Redis glob matching (KEYS, SCAN MATCH, CONFIG GET): * ? [abc] [^a] [a-z] and \ escapes.</summary>
public static class Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        while (!pattern.IsEmpty)
        {
            switch (pattern[0])
            {
                case (byte)'*':
                    while (pattern.Length > 1 && pattern[1] == (byte)'*') pattern = pattern[1..];
                    if (pattern.Length == 1) return true;
                    for (int i = 0; i <= text.Length; i++)
                        if (IsMatch(pattern[1..], text[i..], ignoreCase)) return true;
                    return false;
                case (byte)'?':
                    if (text.IsEmpty) return false;
                    text = text[1..];
                    pattern = pattern[1..];
                    break;
                case (byte)'[':
                {
                    if (text.IsEmpty) return false;
                    pattern = pattern[1..];
                    bool negate = !pattern.IsEmpty && pattern[0] == (byte)'^';
                    if (negate) pattern = pattern[1..];
                    bool matched = false;
                    while (!pattern.IsEmpty && pattern[0] != (byte)']')
                    {
                        if (pattern[0] == (byte)'\\' && pattern.Length >= 2)
                        {
                            pattern = pattern[1..];
                            if (Same(pattern[0], text[0], ignoreCase)) matched = true;
                        }
                        else if (pattern.Length >= 3 && pattern[1] == (byte)'-')
                        {
                            byte start = pattern[0], end = pattern[2];
                            if (start > end) (start, end) = (end, start);
                            byte c = text[0];
                            if (ignoreCase) { start = Lower(start); end = Lower(end); c = Lower(c); }
                            if (c >= start && c <= end) matched = true;
                            pattern = pattern[2..];
                        }
                        else if (Same(pattern[0], text[0], ignoreCase))
                        {
                            matched = true;
                        }
                        pattern = pattern[1..];
                    }
                    if (negate) matched = !matched;
                    if (!matched) return false;
                    if (!pattern.IsEmpty) pattern = pattern[1..];
                    text = text[1..];
                    break;
                }
                case (byte)'\\' when pattern.Length >= 2:
                    if (text.IsEmpty || !Same(pattern[1], text[0], ignoreCase)) return false;
                    pattern = pattern[2..];
                    text = text[1..];
                    break;
                default:
                    if (text.IsEmpty || !Same(pattern[0], text[0], ignoreCase)) return false;
                    pattern = pattern[1..];
                    text = text[1..];
                    break;
            }
        }
        return text.IsEmpty;
    }

    private static bool Same(byte a, byte b, bool ignoreCase) => a == b || (ignoreCase && Lower(a) == Lower(b));

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}
