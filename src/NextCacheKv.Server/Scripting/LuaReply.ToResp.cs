using KeraLua;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Scripting;

/// <summary>The other half of the conversions: the script's Lua return value to a reply.</summary>
internal static partial class LuaReply
{
    /// <summary>Deeper nesting is refused rather than recursing without bound (a table can contain itself).</summary>
    private const int MaxDepth = 1000;

    /// <summary>
    /// Writes the Lua value on top as the script's reply and pops it: string→bulk, number→integer
    /// (truncated), {err=}→error, {ok=}→status, {double=} {big_number=} {verbatim_string=} {map=} {set=},
    /// any other table→array up to the first nil, true→1 and false→nil (or booleans after
    /// redis.setresp(3)), anything else→nil.
    /// </summary>
    public static void Write(Lua l, CommandContext c, int scriptResp) => Write(l, c, scriptResp, 0);

    private static void Write(Lua l, CommandContext c, int scriptResp, int depth)
    {
        var w = c.Writer;
        if (depth > MaxDepth || !l.CheckStack(4))
        {
            c.Error("ERR reached lua stack limit");
            l.Pop(1);
            return;
        }
        switch (l.Type(-1))
        {
            case LuaType.String:
                c.Bulk(l.ToBuffer(-1, false));
                break;
            case LuaType.Boolean:
                bool value = l.ToBoolean(-1);
                if (scriptResp != 2) w.WriteBoolean(value, c.Protocol);
                else if (value) c.Integer(1);
                else c.NullBulk();
                break;
            case LuaType.Number:
                c.Integer(l.IsInteger(-1) ? l.ToInteger(-1) : Truncate(l.ToNumber(-1)));
                break;
            case LuaType.Table:
                WriteTable(l, c, scriptResp, depth);
                break;
            default:
                c.NullBulk();
                break;
        }
        l.Pop(1);
    }

    /// <summary>C's (long long) cast as x86-64 does it: out of range and NaN become the minimum.</summary>
    private static long Truncate(double value) =>
        double.IsNaN(value) || value >= 9223372036854775808.0 || value < -9223372036854775808.0 ? long.MinValue : (long)value;

    private static void WriteTable(Lua l, CommandContext c, int scriptResp, int depth)
    {
        var w = c.Writer;
        if (Field(l, "err") == LuaType.String)
        {
            byte[] message = l.ToBuffer(-1, false);
            l.Pop(1);
            c.Error(message);
            return;
        }
        l.Pop(1);
        if (Field(l, "ok") == LuaType.String)
        {
            w.WriteSimpleString(l.ToBuffer(-1, false));
            l.Pop(1);
            return;
        }
        l.Pop(1);
        if (Field(l, "double") == LuaType.Number)
        {
            w.WriteDouble(l.ToNumber(-1), c.Protocol);
            l.Pop(1);
            return;
        }
        l.Pop(1);
        if (Field(l, "big_number") == LuaType.String)
        {
            WriteBigNumber(c, l.ToBuffer(-1, false));
            l.Pop(1);
            return;
        }
        l.Pop(1);
        if (Field(l, "verbatim_string") == LuaType.Table && TryWriteVerbatim(l, c))
        {
            l.Pop(1);
            return;
        }
        l.Pop(1);
        if (Field(l, "map") == LuaType.Table)
        {
            c.MapHeader(CountPairs(l));
            l.PushNil();
            while (l.Next(-2))
            {
                l.PushCopy(-2);
                Write(l, c, scriptResp, depth + 1);
                Write(l, c, scriptResp, depth + 1);
            }
            l.Pop(1);
            return;
        }
        l.Pop(1);
        if (Field(l, "set") == LuaType.Table)
        {
            w.WriteSetHeader(CountPairs(l), c.Protocol);
            l.PushNil();
            while (l.Next(-2))
            {
                l.Pop(1);
                l.PushCopy(-1);
                Write(l, c, scriptResp, depth + 1);
            }
            l.Pop(1);
            return;
        }
        l.Pop(1);
        int length = 0;
        while (l.RawGetInteger(-1, length + 1) != LuaType.Nil)
        {
            l.Pop(1);
            length++;
        }
        l.Pop(1);
        c.ArrayHeader(length);
        for (int i = 1; i <= length; i++)
        {
            l.RawGetInteger(-1, i);
            Write(l, c, scriptResp, depth + 1);
        }
    }

    /// <summary>Pushes table[name] (raw) and returns its type.</summary>
    private static LuaType Field(Lua l, string name)
    {
        l.PushString(name);
        return l.RawGet(-2);
    }

    private static int CountPairs(Lua l)
    {
        int count = 0;
        l.PushNil();
        while (l.Next(-2))
        {
            l.Pop(1);
            count++;
        }
        return count;
    }

    private static void WriteBigNumber(CommandContext c, byte[] text)
    {
        for (int i = 0; i < text.Length; i++) if (text[i] is (byte)'\r' or (byte)'\n') text[i] = (byte)' ';
        if (c.Protocol < 3)
        {
            c.Bulk(text);
            return;
        }
        c.Writer.WriteRaw("("u8);
        c.Writer.WriteRaw(text);
        c.Writer.WriteRaw("\r\n"u8);
    }

    /// <summary>Writes {verbatim_string={format=, string=}} when both fields are strings; the table stays pushed.</summary>
    private static bool TryWriteVerbatim(Lua l, CommandContext c)
    {
        bool written = false;
        if (Field(l, "format") == LuaType.String)
        {
            byte[] format = l.ToBuffer(-1, false);
            l.PushString("string");
            if (l.RawGet(-3) == LuaType.String)
            {
                byte[] text = l.ToBuffer(-1, false);
                WriteVerbatim(c, format, text);
                written = true;
            }
            l.Pop(1);
        }
        l.Pop(1);
        return written;
    }

    private static void WriteVerbatim(CommandContext c, byte[] format, byte[] text) => c.Writer.WriteVerbatimString(text, c.Protocol, format);
}
