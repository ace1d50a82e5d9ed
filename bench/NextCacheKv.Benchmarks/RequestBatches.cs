using System.Buffers;
using System.Text;

namespace NextCacheKv.Benchmarks;

/// <summary>The pre-encoded pipelined batches every benchmark sends: 100 commands over keys key:000 … key:099.</summary>
internal static class RequestBatches
{
    public const int Size = 100;
    public const int ValueLength = 100;

    public static byte[] Key(int index) => Encoding.ASCII.GetBytes($"key:{index:D3}");

    /// <summary>Printable bytes so a value never looks like RESP framing.</summary>
    public static byte[] Value(int length)
    {
        var value = new byte[length];
        for (int i = 0; i < length; i++) value[i] = (byte)('a' + i % 26);
        return value;
    }

    public static byte[] Sets() => Build(i => ["SET"u8.ToArray(), Key(i), Value(ValueLength)]);

    public static byte[] Gets() => Build(i => ["GET"u8.ToArray(), Key(i)]);

    public static byte[] Pings() => Build(_ => ["PING"u8.ToArray()]);

    /// <summary>A read-heavy cache mix, interleaved: 60 GET, 20 SET, 10 INCR, 10 PING.</summary>
    public static byte[] Mixed() => Build(i => (i % 10) switch
    {
        < 6 => ["GET"u8.ToArray(), Key(i)],
        < 8 => ["SET"u8.ToArray(), Key(i), Value(ValueLength)],
        8 => ["INCR"u8.ToArray(), Encoding.ASCII.GetBytes($"counter:{i:D3}")],
        _ => ["PING"u8.ToArray()],
    });

    /// <summary>Telnet-style requests, which take the inline parser rather than the multibulk one.</summary>
    public static byte[] InlinePings() => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("PING\r\n", Size)));

    private static byte[] Build(Func<int, byte[][]> command)
    {
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i < Size; i++) RespCommandEncoder.Append(output, command(i));
        return output.WrittenSpan.ToArray();
    }
}
