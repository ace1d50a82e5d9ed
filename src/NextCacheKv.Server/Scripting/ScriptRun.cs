using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// One running script: the caller, and the context its redis.call commands run in. That context shares
/// the caller's client (database, authentication) and store session but writes replies to a buffer.
/// </summary>
internal sealed class ScriptRun
{
    public ScriptRun(CommandContext caller, string sha, bool readOnly)
    {
        Caller = caller;
        Sha = sha;
        ReadOnly = readOnly;
        Request = new RespRequest();
        Replies = new ScriptReplyBuffer();
        Context = new CommandContext(caller.Server, caller.Client, Request, Replies, caller.Store) { InsideExclusive = true };
    }

    public CommandContext Caller { get; }
    public string Sha { get; }

    /// <summary>EVAL_RO / EVALSHA_RO: write commands are refused.</summary>
    public bool ReadOnly { get; }

    /// <summary>The protocol redis.call replies are produced in; redis.setresp changes it.</summary>
    public int Resp { get; set; } = 2;

    public RespRequest Request { get; }
    public ScriptReplyBuffer Replies { get; }
    public CommandContext Context { get; }
}
