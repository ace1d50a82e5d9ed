namespace NextCacheKv.Storage;

/// <summary>Condition and option bits carried in byte 1 of an input.</summary>
[Flags]
public enum StoreFlags : byte
{
    None = 0,
    /// <summary>Only when the key does not exist (NX).</summary>
    IfMissing = 1,
    /// <summary>Only when the key exists (XX).</summary>
    IfExists = 2,
    /// <summary>Return the previous value (SET … GET).</summary>
    ReturnOld = 4,
    /// <summary>Keep the current time to live (KEEPTTL).</summary>
    KeepTtl = 8,
    /// <summary>Only when the new expiry is later than the current one (GT).</summary>
    IfGreater = 16,
    /// <summary>Only when the new expiry is earlier than the current one (LT).</summary>
    IfLess = 32,
    /// <summary>The collection object of the removed stub lives on under another key (RENAME, MOVE): do not release it.</summary>
    KeepObject = 64,
    /// <summary>Delete only a record that has already expired (active and lazy expiry).</summary>
    OnlyExpired = 128,
}
