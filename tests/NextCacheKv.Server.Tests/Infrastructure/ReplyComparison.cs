namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>How a differential step judges the two servers' replies.</summary>
public enum ReplyComparison
{
    /// <summary>Byte-identical replies.</summary>
    Exact,

    /// <summary>Same RESP type byte only, for replies that legitimately differ (INFO, TIME, HELLO).</summary>
    TypeOnly,

    /// <summary>Same aggregate with elements in any order (KEYS, SCAN pages).</summary>
    Unordered,

    /// <summary>
    /// For TTL and PTTL: -1 (no expiry) and -2 (no key) must match exactly, while two remaining times agree
    /// within 2 units or 1 %, because they drift with the clock and with pauses such as JIT compilation.
    /// </summary>
    RemainingTime,

    /// <summary>Read both replies to stay in step, compare nothing (DEBUG and the like).</summary>
    Ignore,
}
