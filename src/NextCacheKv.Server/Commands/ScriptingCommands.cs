using NextCacheKv.Server.Scripting;

namespace NextCacheKv.Server.Commands;

/// <summary>EVAL, EVALSHA, their _RO forms, SCRIPT, and FUNCTION answering as a Redis 7 with no libraries.</summary>
internal static class ScriptingCommands
{
    public static ValueTask Eval(CommandContext c) => Run(c, bySha: false, readOnly: false);

    public static ValueTask EvalSha(CommandContext c) => Run(c, bySha: true, readOnly: false);

    public static ValueTask EvalRo(CommandContext c) => Run(c, bySha: false, readOnly: true);

    public static ValueTask EvalShaRo(CommandContext c) => Run(c, bySha: true, readOnly: true);

    /// <summary>Validates as Redis does (a SHA of the wrong length first, then numkeys), then runs the script alone.</summary>
    private static ValueTask Run(CommandContext c, bool bySha, bool readOnly)
    {
        if (bySha && c.Arg(1).Length != 40)
        {
            c.Error(ScriptErrors.NoScript);
            return default;
        }
        if (!c.Request.TryGetInt64(2, out long numKeys))
        {
            c.Error(Errors.NotInteger);
            return default;
        }
        if (numKeys > c.Count - 3)
        {
            c.Error(ScriptErrors.NumKeysTooLarge);
            return default;
        }
        if (numKeys < 0)
        {
            c.Error(ScriptErrors.NumKeysNegative);
            return default;
        }
        var engine = c.Server.Scripts;
        string sha = bySha ? c.ArgString(1).ToLowerInvariant() : ScriptEngine.Sha1Of(c.Arg(1));
        // Inside EXEC the gate is already held exclusively; taking it again would wait for ourselves.
        if (c.InsideExclusive)
        {
            engine.Run(c, sha, c.Arg(1), compile: !bySha, (int)numKeys, readOnly);
            return default;
        }
        return c.RunExclusiveAsync(context =>
        {
            engine.Run(context, sha, context.Arg(1), compile: !bySha, (int)numKeys, readOnly);
            return default;
        });
    }

    public static ValueTask Script(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        switch (sub)
        {
            case "load" when c.Count == 3:
                string? failure = c.Server.Scripts.Load(c.Arg(2), out string sha);
                if (failure is null) c.Bulk(sha);
                else c.Error(failure);
                break;
            case "exists" when c.Count >= 3:
                c.ArrayHeader(c.Count - 2);
                for (int i = 2; i < c.Count; i++) c.Integer(c.Server.Scripts.Exists(c.Arg(i)) ? 1 : 0);
                break;
            case "flush" when c.Count <= 3:
                if (c.Count == 3 && !c.ArgIs(2, "ASYNC"u8) && !c.ArgIs(2, "SYNC"u8))
                {
                    c.Error(ScriptErrors.FlushOption);
                    break;
                }
                c.Server.Scripts.Flush();
                c.Ok();
                break;
            case "flush":
                c.Error(ScriptErrors.FlushOption);
                break;
            case "kill" when c.Count == 2:
                // A script runs start to finish while every other client waits: none is ever seen running.
                c.Error(ScriptErrors.NotBusy);
                break;
            case "help" when c.Count == 2:
                Help(c, ScriptHelp);
                break;
            case "load" or "exists" or "kill" or "help":
                c.Error(Errors.WrongArity("script|" + sub));
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "script"));
                break;
        }
        return default;
    }

    /// <summary>FUNCTION LIST and FLUSH as an empty Redis 7 answers them; libraries are not supported.</summary>
    public static ValueTask Function(CommandContext c)
    {
        string sub = c.ArgString(1).ToLowerInvariant();
        switch (sub)
        {
            case "list":
                string? failure = CheckListArguments(c);
                if (failure is null) c.ArrayHeader(0);
                else c.Error(failure);
                break;
            case "flush" when c.Count <= 3:
                if (c.Count == 3 && !c.ArgIs(2, "ASYNC"u8) && !c.ArgIs(2, "SYNC"u8)) c.Error(ScriptErrors.FunctionFlushOption);
                else c.Ok();
                break;
            case "flush":
                c.Error($"ERR unknown subcommand or wrong number of arguments for '{c.ArgString(1)}'. Try FUNCTION HELP.");
                break;
            case "help" when c.Count == 2:
                Help(c, FunctionHelp);
                break;
            default:
                c.Error(Errors.UnknownSubcommand(c.ArgString(1), "function"));
                break;
        }
        return default;
    }

    /// <summary>FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE], each option at most once.</summary>
    private static string? CheckListArguments(CommandContext c)
    {
        bool withCode = false, libraryName = false;
        for (int i = 2; i < c.Count; i++)
        {
            if (!withCode && c.ArgIs(i, "WITHCODE"u8))
            {
                withCode = true;
                continue;
            }
            if (!libraryName && c.ArgIs(i, "LIBRARYNAME"u8))
            {
                if (i == c.Count - 1) return "ERR library name argument was not given";
                libraryName = true;
                i++;
                continue;
            }
            return $"ERR Unknown argument {c.ArgString(i)}";
        }
        return null;
    }

    private static void Help(CommandContext c, string[] lines)
    {
        c.ArrayHeader(lines.Length);
        foreach (var line in lines) c.SimpleString(line);
    }

    private static readonly string[] ScriptHelp =
    [
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    ];

    private static readonly string[] FunctionHelp =
    [
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.",
    ];
}
