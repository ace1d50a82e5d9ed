namespace NextCacheKv.Protocol;

/// <summary>
/// Protocol error texts as Redis 7 sends them, without the leading <c>-ERR </c>. Clients and test suites
/// match on these strings, so they must not be reworded.
/// </summary>
public static class ProtocolErrors
{
    public const string InvalidMultibulkLength = "Protocol error: invalid multibulk length";
    public const string TooBigMultibulkCountString = "Protocol error: too big mbulk count string";
    public const string TooBigBulkCountString = "Protocol error: too big bulk count string";
    public const string InvalidBulkLength = "Protocol error: invalid bulk length";
    public const string TooBigInlineRequest = "Protocol error: too big inline request";
    public const string UnbalancedQuotes = "Protocol error: unbalanced quotes in request";

    /// <summary>
    /// Not a Redis message: Redis has no argument cap for inline requests (it is bounded by the line length only),
    /// so we use our own wording when an inline line exceeds <see cref="ProtocolLimits.MaxArguments"/>.
    /// </summary>
    public const string TooManyArguments = "Protocol error: too many arguments";

    /// <summary>
    /// Not a Redis message: Redis silently closes a client whose query buffer passes client-query-buffer-limit.
    /// We report it as a protocol error so the server can log it before closing.
    /// </summary>
    public const string QueryBufferLimitExceeded = "Protocol error: client query buffer limit exceeded";

    /// <summary>Error for a multibulk element that does not start with '$'. Allocates, but only on the error path.</summary>
    public static string ExpectedDollar(byte actual) => $"Protocol error: expected '$', got '{(char)actual}'";
}
