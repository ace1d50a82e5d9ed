using System.Buffers.Text;
using System.Globalization;
using System.Text;
using KeraLua;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// Redis's conversions between replies and Lua values, both ways. Only raw table access is used: a
/// metamethod could raise a Lua error, and that must never unwind through C#.
/// </summary>
internal static class LuaReply
{
    /// <summary>Deeper nesting is refused rather than recursing without bound (a table can contain itself).</summary>
    private const int MaxDepth = 1000;

    /// <summary>
    /// Pushes one reply as Lua values: integer→number, bulk→string, nil bulk or array→false, array→table,
    /// status→{ok=}, error→{err=}; RESP3 (after redis.setresp(3)) map→{map=}, set→{set=}, null→nil,
    /// boolean, double→{double=}, big number→{big_number=}, verbatim→{verbatim_string=}. True for an error.
    /// </summary>
    public static bool Push(Lua l, ReadOnlySpan<byte> reply)
    {
        int position = 0;
        bool failed = !reply.IsEmpty && reply[0] == (byte)'-';
        if (reply.IsEmpty) l.PushNil();
        else PushValue(l, reply, ref position);
        return failed;
    }

    private static void PushValue(Lua l, ReadOnlySpan<byte> reply, ref int position)
    {
        l.CheckStack(4);
        byte type = reply[position];
        var line = ReadLine(reply, ref position);
        switch (type)
        {
            case (byte)'+':
                PushTable(l, "ok", line);
                break;
            case (byte)'-':
                var text = new byte[line.Length + 1];
                text[0] = (byte)'-';
                line.CopyTo(text.AsSpan(1));
                ScriptEngine.PushErrorTable(l, text);
                break;
            case (byte)':':
                l.PushInteger(ParseInteger(line));
                break;
            case (byte)'$':
            case (byte)'=':
                long length = ParseInteger(line);
                if (length < 0)
                {
                    l.PushBoolean(false);
                    break;
                }
                var payload = reply.Slice(position, (int)length);
                position += (int)length + 2;
                if (type == (byte)'$') l.PushBuffer(payload.ToArray());
                else PushVerbatim(l, payload);
                break;
            case (byte)'*':
            case (byte)'>':
                long count = ParseInteger(line);
                if (count < 0)
                {
                    l.PushBoolean(false);
                    break;
                }
                l.CreateTable((int)count, 0);
                for (int i = 1; i <= count; i++)
                {
                    PushValue(l, reply, ref position);
                    l.RawSetInteger(-2, i);
                }
                break;
            case (byte)'%':
                long pairs = ParseInteger(line);
                l.CreateTable(0, 1);
                l.PushString("map");
                l.CreateTable(0, (int)pairs);
                for (long i = 0; i < pairs; i++)
                {
                    PushValue(l, reply, ref position);
                    PushValue(l, reply, ref position);
                    SetUnlessNilKey(l);
                }
                l.RawSet(-3);
                break;
            case (byte)'~':
                long members = ParseInteger(line);
                l.CreateTable(0, 1);
                l.PushString("set");
                l.CreateTable(0, (int)members);
                for (long i = 0; i < members; i++)
                {
                    PushValue(l, reply, ref position);
                    l.PushBoolean(true);
                    SetUnlessNilKey(l);
                }
                l.RawSet(-3);
                break;
            case (byte)'|':
                long attributes = ParseInteger(line);
                for (long i = 0; i < attributes * 2; i++)
                {
                    PushValue(l, reply, ref position);
                    l.Pop(1);
                }
                PushValue(l, reply, ref position);
                break;
            case (byte)'_':
                l.PushNil();
                break;
            case (byte)'#':
                l.PushBoolean(line.Length > 0 && line[0] == (byte)'t');
                break;
            case (byte)',':
                l.CreateTable(0, 1);
                l.PushString("double");
                l.PushNumber(ParseDouble(line));
                l.RawSet(-3);
                break;
            case (byte)'(':
                PushTable(l, "big_number", line);
                break;
            default:
                l.PushNil();
                break;
        }
    }

    /// <summary>Sets key→value in the table below them; a nil key (RESP3 null) cannot be a table key.</summary>
    private static void SetUnlessNilKey(Lua l)
    {
        if (l.Type(-2) == LuaType.Nil) l.Pop(2);
        else l.RawSet(-3);
    }

    private static void PushTable(Lua l, string field, ReadOnlySpan<byte> value)
    {
        l.CreateTable(0, 1);
        l.PushString(field);
        l.PushBuffer(value.ToArray());
        l.RawSet(-3);
    }

    private static void PushVerbatim(Lua l, ReadOnlySpan<byte> payload)
    {
        l.CreateTable(0, 1);
        l.PushString("verbatim_string");
        l.CreateTable(0, 2);
        l.PushString("string");
        l.PushBuffer(payload.Length >= 4 ? payload[4..].ToArray() : payload.ToArray());
        l.RawSet(-3);
        l.PushString("format");
        l.PushBuffer(payload[..Math.Min(3, payload.Length)].ToArray());
        l.RawSet(-3);
        l.RawSet(-3);
    }

    private static ReadOnlySpan<byte> ReadLine(ReadOnlySpan<byte> reply, ref int position)
    {
        var rest = reply[(position + 1)..];
        int end = rest.IndexOf("\r\n"u8);
        position += 1 + end + 2;
        return rest[..end];
    }

    private static long ParseInteger(ReadOnlySpan<byte> text) => Utf8Parser.TryParse(text, out long value, out _) ? value : 0;

    private static double ParseDouble(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("inf"u8) ? double.PositiveInfinity
        : text.SequenceEqual("-inf"u8) ? double.NegativeInfinity
        : double.TryParse(Encoding.ASCII.GetString(text), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;

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

    private static void WriteVerbatim(CommandContext c, byte[] format, byte[] text)
    {
        if (c.Protocol < 3)
        {
            c.Bulk(text);
            return;
        }
        var w = c.Writer;
        w.WriteRaw(Encoding.ASCII.GetBytes($"={text.Length + 4}\r\n"));
        var prefix = new byte[4];
        for (int i = 0; i < 3; i++) prefix[i] = i < format.Length ? format[i] : (byte)' ';
        prefix[3] = (byte)':';
        w.WriteRaw(prefix);
        w.WriteRaw(text);
        w.WriteRaw("\r\n"u8);
    }
}
