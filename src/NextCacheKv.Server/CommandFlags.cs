namespace NextCacheKv.Server;

/// <summary>Command properties, as COMMAND INFO reports them and as dispatch checks them.</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1,
    ReadOnly = 2,
    Fast = 4,
    /// <summary>Allowed before AUTH when a password is required.</summary>
    NoAuth = 8,
    Admin = 16,
    Loading = 32,
    Stale = 64,
    /// <summary>Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET).</summary>
    NoQueue = 128,
    /// <summary>Allowed to a RESP2 client in subscribed mode.</summary>
    PubSubContext = 256,
    /// <summary>Not allowed inside a script (MULTI, EXEC, WATCH, SUBSCRIBE, blocking forms…).</summary>
    NoScript = 512,
    /// <summary>Refused inside MULTI, failing the transaction (Redis's no_multi: SAVE, SHUTDOWN).</summary>
    NoMulti = 1024,
}
