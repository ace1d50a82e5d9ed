using System.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>
/// Turns one raw reply into plain values for tests that need its content (SCAN cursors, TTL ranges):
/// strings for simple/bulk/verbatim strings, long for integers, <see cref="RespError"/>, lists for
/// aggregates (maps flattened), null for nulls. Text is decoded as Latin-1, byte for byte.
/// </summary>
public static class RespDecoder
{
    public static object? Decode(byte[] reply)
    {
        int position = 0;
        var value = Read(reply, ref position);
        if (position != reply.Length)
            throw new FormatException($"Trailing bytes after reply: {RespText.Escape(reply)}");
        return value;
    }

    private static object? Read(byte[] reply, ref int position)
    {
        char type = (char)reply[position];
        int lineEnd = reply.AsSpan(position).IndexOf("\r\n"u8) + position;
        string line = Encoding.Latin1.GetString(reply, position + 1, lineEnd - position - 1);
        position = lineEnd + 2;
        switch (type)
        {
            case '+' or ',' or '(':
                return line;
            case '-':
                return new RespError(line);
            case ':':
                return long.Parse(line);
            case '#':
                return line == "t";
            case '_':
                return null;
            case '$' or '=' or '!':
                int length = int.Parse(line);
                if (length < 0)
                    return null;
                string text = Encoding.Latin1.GetString(reply, position, length);
                position += length + 2;
                return type == '!' ? new RespError(text) : text;
            case '*' or '~' or '>' or '%':
                long count = long.Parse(line) * (type == '%' ? 2 : 1);
                if (count < 0)
                    return null;
                var items = new List<object?>();
                for (long i = 0; i < count; i++)
                    items.Add(Read(reply, ref position));
                return items;
            default:
                throw new FormatException($"Cannot decode reply type '{type}': {RespText.Escape(reply)}");
        }
    }
}
