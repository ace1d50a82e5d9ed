namespace NextCacheKv.Protocol;

/// <summary>Byte classes of the C locale, because Redis decides separators and number syntax with C's ctype rules.</summary>
internal static class CharClass
{
    /// <summary>C <c>isspace</c>: space, \t, \n, \v, \f, \r.</summary>
    public static bool IsSpace(byte value) => value == (byte)' ' || (uint)(value - (byte)'\t') <= (byte)'\r' - (byte)'\t';

    public static bool IsDigit(byte value) => (uint)(value - (byte)'0') <= 9;

    public static bool IsHexDigit(byte value) => HexValue(value) >= 0;

    /// <summary>Value of a hex digit, or -1 when <paramref name="value"/> is not one.</summary>
    public static int HexValue(byte value)
    {
        if (IsDigit(value))
        {
            return value - (byte)'0';
        }

        int lower = value | 0x20;
        return lower is >= 'a' and <= 'f' ? lower - 'a' + 10 : -1;
    }
}
