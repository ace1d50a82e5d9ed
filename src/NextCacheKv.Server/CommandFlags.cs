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
}
