using System.Security.Cryptography;
using System.Text;
using KeraLua;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// The server's one Lua state and its script cache (compiled functions by SHA1), as in Redis: a script
/// loaded by one connection is callable by EVALSHA from any other. One state is enough because scripts
/// run with the execution gate held exclusively, so never two at a time; <see cref="sync"/> only
/// serializes SCRIPT LOAD/EXISTS/FLUSH from concurrent connections with each other and with a run.
/// </summary>
public sealed partial class ScriptEngine : IDisposable
{
    private readonly Lock sync = new();
    private readonly CacheServer server;
    private readonly Action<string> log;

    // The delegates Lua holds pointers to: kept in fields so the GC never collects them.
    private readonly LuaFunction callFunction;
    private readonly LuaFunction errorTableFunction;
    private readonly LuaFunction sha1Function;
    private readonly LuaFunction logFunction;
    private readonly LuaFunction setRespFunction;
    private readonly LuaFunction reviveFunction;
    private readonly LuaFunction randomFunction;
    private readonly LuaFunction randomSeedFunction;

    /// <summary>redisLrand48's 48-bit state, as Redis starts it; lives across SCRIPT FLUSH like Redis's.</summary>
    private long randomState = 0x1234ABCD330E;

    private Lua lua = null!;
    private int compileRef;
    private int handlerRef;
    private int globalsRef;
    private readonly Dictionary<string, CachedScript> functions = new(StringComparer.Ordinal);

    /// <summary>A compiled script: its function's registry reference and its shebang flags.</summary>
    private readonly record struct CachedScript(int Reference, ScriptShebang Shebang);

    internal ScriptEngine(CacheServer server, Action<string> log)
    {
        this.server = server;
        this.log = log;
        callFunction = RedisCall;
        errorTableFunction = ErrorTable;
        sha1Function = Sha1Hex;
        logFunction = Log;
        setRespFunction = SetResp;
        reviveFunction = Revive;
        randomFunction = Random;
        randomSeedFunction = RandomSeed;
        CreateState();
    }

    /// <summary>How many scripts the cache holds (INFO's number_of_cached_scripts).</summary>
    public int Count
    {
        get
        {
            lock (sync) return functions.Count;
        }
    }

    /// <summary>Lowercase hex SHA1 of a script body: its name in the cache.</summary>
    public static string Sha1Of(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA1.HashData(body));

    /// <summary>True when a script with this SHA1 (any case) is cached.</summary>
    public bool Exists(ReadOnlySpan<byte> sha)
    {
        if (sha.Length != 40) return false;
        string name = Encoding.ASCII.GetString(sha).ToLowerInvariant();
        lock (sync) return functions.ContainsKey(name);
    }

    /// <summary>Compiles and caches <paramref name="body"/>; null on success, else Redis's error text.</summary>
    public string? Load(ReadOnlySpan<byte> body, out string sha)
    {
        sha = Sha1Of(body);
        lock (sync) return Compile(sha, body);
    }

    /// <summary>Drops every cached script by starting a fresh Lua state (SCRIPT FLUSH).</summary>
    public void Flush()
    {
        lock (sync)
        {
            lua.Dispose();
            functions.Clear();
            CreateState();
        }
    }

    public void Dispose()
    {
        lock (sync) lua.Dispose();
    }

    private void CreateState()
    {
        lua = new Lua(openLibs: true);
        // Defence in depth: scripts never see the real globals, but keep the dangerous ones out anyway.
        lua.DoString("os, io, package, require, dofile, loadfile = nil, nil, nil, nil, nil, nil");
        if (lua.LoadBuffer(Encoding.UTF8.GetBytes(LuaPrelude.Source), LuaPrelude.ChunkName, "t") != LuaStatus.OK)
            throw new InvalidOperationException("Lua prelude failed to compile: " + lua.ToString(-1));
        // The prelude's parameters, in order: the C# callbacks, the cjson chunk, cjson.null, the generator.
        lua.PushCFunction(callFunction);
        lua.PushCFunction(errorTableFunction);
        lua.PushCFunction(sha1Function);
        lua.PushCFunction(logFunction);
        lua.PushCFunction(setRespFunction);
        lua.PushCFunction(reviveFunction);
        if (lua.LoadBuffer(Encoding.UTF8.GetBytes(LuaCjson.Source), LuaPrelude.ChunkName, "t") != LuaStatus.OK)
            throw new InvalidOperationException("Lua cjson failed to compile: " + lua.ToString(-1));
        lua.PushLightUserData(IntPtr.Zero); // cjson.null, a NULL light userdata as in Redis
        lua.PushCFunction(randomFunction);
        lua.PushCFunction(randomSeedFunction);
        if (lua.PCall(10, 3, 0) != LuaStatus.OK)
            throw new InvalidOperationException("Lua prelude failed: " + lua.ToString(-1));
        globalsRef = lua.Ref(LuaRegistry.Index);
        handlerRef = lua.Ref(LuaRegistry.Index);
        compileRef = lua.Ref(LuaRegistry.Index);
    }

    /// <summary>Compiles under <see cref="sync"/> unless cached; null on success, else the error reply text.</summary>
    private string? Compile(string sha, ReadOnlySpan<byte> body)
    {
        if (functions.ContainsKey(sha)) return null;
        string? invalid = ScriptShebang.TryParse(body, out var shebang);
        if (invalid is not null) return invalid;
        lua.RawGetInteger(LuaRegistry.Index, compileRef);
        lua.PushBuffer(ScriptShebang.Source(body, shebang));
        if (lua.PCall(1, 2, 0) != LuaStatus.OK)
        {
            string failure = TextAt(lua, -1) ?? "unknown error";
            lua.Pop(1);
            return "ERR Error compiling script (new function): " + failure;
        }
        if (lua.Type(-2) != LuaType.Function)
        {
            // Lua 5.1 (Redis) quotes the end-of-input token; 5.4 does not.
            string failure = (TextAt(lua, -1) ?? "unknown error").Replace("near <eof>", "near '<eof>'", StringComparison.Ordinal);
            lua.Pop(2);
            return "ERR Error compiling script (new function): " + failure;
        }
        lua.Pop(1);
        functions[sha] = new CachedScript(lua.Ref(LuaRegistry.Index), shebang);
        return null;
    }

    /// <summary>The string or number at <paramref name="index"/> as text, without metamethods (which could raise).</summary>
    private static string? TextAt(Lua state, int index) =>
        state.Type(index) is LuaType.String or LuaType.Number ? Encoding.UTF8.GetString(state.ToBuffer(index, false)) : null;
}
