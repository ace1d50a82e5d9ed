using KeraLua;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Scripting;

/// <summary>
/// Redis's conversions between replies and Lua values, both ways. Only raw table access is used: a
/// metamethod could raise a Lua error, and that must never unwind through C#. This half: replies to Lua.
/// </summary>
internal static partial class LuaReply
{
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

    private static long ParseInteger(ReadOnlySpan<byte> text) => RespNumbers.TryParseInt64(text, out long value) ? value : 0;

    /// <summary>A RESP3 double: inf, -inf and nan included (what is not a finite number reads as NaN).</summary>
    private static double ParseDouble(ReadOnlySpan<byte> text) => RespNumbers.TryParseDouble(text, out double value) ? value : double.NaN;
}
