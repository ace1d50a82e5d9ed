using System.Text;
using KeraLua;

namespace NextCacheKv.Server.Scripting;

/// <summary>Running a cached script: KEYS and ARGV in, the reply or Redis's error text out.</summary>
public sealed partial class ScriptEngine
{
    /// <summary>The script now running; read by the callbacks redis.call and friends land in.</summary>
    private ScriptRun? current;

    /// <summary>
    /// Runs the script named <paramref name="sha"/>, compiling <paramref name="body"/> first when given
    /// (EVAL), and writes its reply to <paramref name="c"/>. The caller holds the execution gate
    /// exclusively, so the script is atomic with respect to every other client.
    /// </summary>
    internal void Run(CommandContext c, string sha, ReadOnlySpan<byte> body, bool compile, int numKeys, bool readOnly)
    {
        lock (sync)
        {
            if (compile)
            {
                string? failure = Compile(sha, body);
                if (failure is not null)
                {
                    c.Error(failure);
                    return;
                }
            }
            else if (!functions.ContainsKey(sha))
            {
                c.Error(ScriptErrors.NoScript);
                return;
            }

            var script = functions[sha];
            if (readOnly && script.Shebang.Present && !script.Shebang.NoWrites)
            {
                c.Error("ERR Can not execute a script with write flag using *_ro command.");
                return;
            }
            int top = lua.GetTop();
            try
            {
                lua.RawGetInteger(LuaRegistry.Index, handlerRef);
                lua.RawGetInteger(LuaRegistry.Index, script.Reference);
                SetArguments(c, numKeys);
                var run = new ScriptRun(c, sha, readOnly || script.Shebang.NoWrites);
                if (Execute(run, top + 1)) LuaReply.Write(lua, c, run.Resp);
                else WriteFailure(c, sha);
            }
            finally
            {
                lua.SetTop(top);
            }
        }
    }

    /// <summary>Calls the function on top with the error handler at <paramref name="handler"/>; true on success.</summary>
    private bool Execute(ScriptRun run, int handler)
    {
        var client = run.Caller.Client;
        int db = client.Db;
        string lastCommand = client.LastCommand;
        current = run;
        try
        {
            return lua.PCall(0, 1, handler) == LuaStatus.OK;
        }
        finally
        {
            current = null;
            // SELECT inside a script changes only the script's database, as in Redis 7.
            client.Db = db;
            client.LastCommand = lastCommand;
            run.Request.Dispose();
        }
    }

    /// <summary>KEYS and ARGV, stored in the sandbox's globals before each run.</summary>
    private void SetArguments(CommandContext c, int numKeys)
    {
        lua.RawGetInteger(LuaRegistry.Index, globalsRef);
        lua.PushString("KEYS");
        PushArray(c, 3, numKeys);
        lua.RawSet(-3);
        lua.PushString("ARGV");
        PushArray(c, 3 + numKeys, c.Count - 3 - numKeys);
        lua.RawSet(-3);
        lua.Pop(1);
    }

    private void PushArray(CommandContext c, int first, int count)
    {
        lua.CreateTable(count, 0);
        for (int i = 0; i < count; i++)
        {
            lua.PushBuffer(c.Arg(first + i).ToArray());
            lua.RawSetInteger(-2, i + 1);
        }
    }

    /// <summary>
    /// Redis 7's error reply for a failed script: the error handler's {err, source, line} as
    /// "msg script: sha, on source:line.", or "Error running script" when the error is not a table.
    /// </summary>
    private void WriteFailure(CommandContext c, string sha)
    {
        if (lua.Type(-1) != LuaType.Table)
        {
            string message = TextAt(lua, -1) ?? "execution failure";
            if (message.Length > 100) message = message[..100];
            c.Error($"ERR Error running script {sha}, {message}");
            return;
        }
        string text = FieldText("err") ?? "";
        string? source = FieldText("source");
        string? line = FieldText("line");
        if (source is not null && line is not null) text += $" script: {sha}, on {source}:{line}.";
        c.Error(text);
    }

    /// <summary>A string or number field of the table on top, read raw so no metamethod can run.</summary>
    private string? FieldText(string name)
    {
        lua.PushString(name);
        lua.RawGet(-2);
        string? text = TextAt(lua, -1);
        lua.Pop(1);
        return text;
    }

    /// <summary>Pushes Redis's error table for <paramref name="text"/>: "-CODE msg" keeps its code, anything else gets ERR.</summary>
    internal static void PushErrorTable(Lua state, ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> code = "ERR"u8;
        ReadOnlySpan<byte> message = text;
        if (!text.IsEmpty && text[0] == (byte)'-')
        {
            int space = text.IndexOf((byte)' ');
            if (space < 0) message = text[1..];
            else
            {
                code = text[1..space];
                message = text[(space + 1)..];
            }
        }
        message = message.Trim("\r\n"u8);
        var full = new byte[code.Length + 1 + message.Length];
        code.CopyTo(full);
        full[code.Length] = (byte)' ';
        message.CopyTo(full.AsSpan(code.Length + 1));
        state.CreateTable(0, 1);
        state.PushString("err");
        state.PushBuffer(full);
        state.RawSet(-3);
    }

    internal static void PushErrorTable(Lua state, string text) => PushErrorTable(state, Encoding.UTF8.GetBytes(text));
}
