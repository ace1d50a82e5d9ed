namespace NextCacheKv.Server;

/// <summary>Redis 7 error texts, byte for byte; clients and tests match on them.</summary>
public static class Errors
{
    public const string Syntax = "ERR syntax error";
    public const string NotInteger = "ERR value is not an integer or out of range";
    /// <summary>Redis's getIntFromObjectOrReply when the number does not fit 32 bits.</summary>
    public const string NotInt32 = "ERR value is out of range, value must between -2147483648 and 2147483647";
    public const string NotFloat = "ERR value is not a valid float";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string NanOrInfinity = "ERR increment would produce NaN or Infinity";
    public const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public const string StringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public const string NoSuchKey = "ERR no such key";
    public const string SameObject = "ERR source and destination objects are the same";
    public const string DbIndexOutOfRange = "ERR DB index is out of range";
    public const string InvalidCursor = "ERR invalid cursor";
    public const string NoAuth = "NOAUTH Authentication required.";
    public const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";
    public const string NumKeysNotPositive = "ERR numkeys should be greater than 0";
    public const string CountNotPositive = "ERR count should be greater than 0";
    public const string CountOutOfLongRange = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    public const string ValueOutOfRange = "ERR value is out of range";
    public const string NotPositive = "ERR value is out of range, must be positive";
    public const string OffsetOutOfRange = "ERR offset is out of range";

    public static string WrongArity(string command) => $"ERR wrong number of arguments for '{command}' command";
    public static string InvalidExpire(string command) => $"ERR invalid expire time in '{command}' command";
    public static string UnknownSubcommand(string sub, string command) => $"ERR unknown subcommand '{Truncate(sub)}'. Try {command.ToUpperInvariant()} HELP.";

    public static string Truncate(string text, int max = 128) => text.Length <= max ? text : text[..max];
}
