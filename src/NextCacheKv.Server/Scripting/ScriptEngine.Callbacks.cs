using System.Globalization;
using System.Security.Cryptography;
using KeraLua;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// The C# functions the prelude wraps. None of them raises a Lua error (a longjmp must not cross managed
/// frames): failures come back as values and the prelude's Lua code raises them.
/// </summary>
public sealed partial class ScriptEngine
{
    /// <summary>
    /// redis.call / redis.pcall: runs a command through the normal dispatcher and returns its reply as a
    /// Lua value, plus true when redis.call must raise it (an error reply or a refused command).
    /// </summary>
    private int RedisCall(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        try
        {
            return CallCommand(l);
        }
        catch (Exception e)
        {
            log($"Script command failed unexpectedly: {e}");
            l.SetTop(0);
            return Fail(l, "Internal error running the command: " + e.Message);
        }
    }

    private int CallCommand(Lua l)
    {
        var run = current;
        if (run is null) return Fail(l, "redis.call/pcall can only be called inside a script invocation");
        int argc = l.GetTop();
        if (argc == 0) return Fail(l, "Please specify at least one argument for this redis lib call");
        var arguments = new ReadOnlyMemory<byte>[argc];
        for (int i = 0; i < argc; i++)
        {
            byte[]? argument = ArgumentAt(l, i + 1);
            if (argument is null)
            {
                l.SetTop(0);
                return Fail(l, "Lua redis lib command arguments must be strings or integers");
            }
            arguments[i] = argument;
        }
        l.SetTop(0);

        var spec = server.Commands.Find(arguments[0].Span);
        if (spec is null) return Fail(l, "Unknown Redis command called from script");
        if (!spec.ArityMatches(argc)) return Fail(l, "Wrong number of args calling Redis command from script");
        if (spec.Flags.HasFlag(CommandFlags.NoScript)) return Fail(l, "This Redis command is not allowed from script");
        if (run.ReadOnly && spec.Flags.HasFlag(CommandFlags.Write)) return Fail(l, "Write commands are not allowed from read-only scripts.");

        Dispatch(run, arguments);
        var reply = run.Replies.Written;
        bool failed = LuaReply.Push(l, reply);
        l.PushBoolean(failed);
        return 2;
    }

    /// <summary>
    /// Runs one command to completion on this thread. Waiting synchronously cannot deadlock: a handler is
    /// pending only while the store completes a disk read on this connection's own session, which the
    /// I/O completion threads finish without the gate or any lock held here; blocking commands do not
    /// block inside a script (InsideExclusive), replies go to an in-memory writer whose flush never waits,
    /// and commands that take the gate themselves (EXEC, EVAL…) are NoScript and refused above.
    /// </summary>
    private static void Dispatch(ScriptRun run, ReadOnlyMemory<byte>[] arguments)
    {
        var client = run.Context.Client;
        int protocol = client.Protocol;
        client.Protocol = run.Resp;
        try
        {
            run.Request.Load(arguments);
            run.Replies.Reset();
            var pending = CommandDispatcher.Dispatch(run.Context);
            if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            client.Protocol = protocol;
        }
    }

    /// <summary>
    /// A command argument as Redis takes it: a string as is, an integer in decimal, a float like C's
    /// "%.17g"; null for any other type.
    /// </summary>
    private static byte[]? ArgumentAt(Lua l, int index)
    {
        switch (l.Type(index))
        {
            case LuaType.String:
                return l.ToBuffer(index, false);
            case LuaType.Number when l.IsInteger(index):
                return System.Text.Encoding.ASCII.GetBytes(l.ToInteger(index).ToString(CultureInfo.InvariantCulture));
            case LuaType.Number:
                Span<byte> text = stackalloc byte[RespDouble.MaxFormattedLength];
                RespDouble.TryFormat(l.ToNumber(index), text, out int length);
                return text[..length].ToArray();
            default:
                return null;
        }
    }

    /// <summary>Returns Redis's error table for <paramref name="message"/>, marked to be raised by redis.call.</summary>
    private static int Fail(Lua l, string message)
    {
        PushErrorTable(l, message);
        l.PushBoolean(true);
        return 2;
    }

    /// <summary>The prelude's way to build error tables exactly as the C# side does (redis.error_reply).</summary>
    private static int ErrorTable(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        byte[] text = l.Type(1) is LuaType.String or LuaType.Number ? l.ToBuffer(1, false) : [];
        PushErrorTable(l, text);
        return 1;
    }

    /// <summary>redis.sha1hex: the lowercase hex SHA1 of a string (a number is hashed as its text).</summary>
    private static int Sha1Hex(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        byte[] text = l.Type(1) is LuaType.String or LuaType.Number ? l.ToBuffer(1, false) : [];
        l.PushString(Convert.ToHexStringLower(SHA1.HashData(text)));
        return 1;
    }

    /// <summary>redis.log at NOTICE or WARNING goes to the server log; DEBUG and VERBOSE are below its verbosity.</summary>
    private int Log(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        long level = l.ToInteger(1);
        if (level >= 2 && l.Type(2) == LuaType.String) log("Script: " + System.Text.Encoding.UTF8.GetString(l.ToBuffer(2, false)));
        return 0;
    }

    /// <summary>redis.setresp: the protocol later redis.call replies are produced in (validated by the prelude).</summary>
    private int SetResp(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        if (current is not null) current.Resp = (int)l.ToInteger(1);
        return 0;
    }

    /// <summary>
    /// Makes a raising function's coroutine (upvalue 1 of its coroutine.wrap closure, argument 1) usable
    /// again after an error ended it: reset, with its loop function (argument 2) pushed to start afresh.
    /// </summary>
    private static int Revive(IntPtr state)
    {
        var l = Lua.FromIntPtr(state);
        if (l.GetUpValue(1, 1) is null) return 0;
        var thread = l.ToThread(-1);
        l.Pop(1);
        thread.ResetThread();
        thread.SetTop(0);
        l.PushCopy(2);
        l.XMove(thread, 1);
        return 0;
    }

    /// <summary>math.random's draw: the next lrand48 value as Redis scales it, in [0, 1).</summary>
    private int Random(IntPtr state)
    {
        randomState = (0x5DEECE66DL * randomState + 0xB) & 0xFFFF_FFFF_FFFF;
        long next = randomState >> 17;
        Lua.FromIntPtr(state).PushNumber((double)(next % int.MaxValue) / int.MaxValue);
        return 1;
    }

    /// <summary>math.randomseed: redisSrand48, the seed's 32 bits above lrand48's fixed low word.</summary>
    private int RandomSeed(IntPtr state)
    {
        int seed = unchecked((int)Lua.FromIntPtr(state).ToInteger(1));
        randomState = ((long)(uint)seed << 16) | 0x330E;
        return 0;
    }
}
