using System.Buffers;
using System.Text;

namespace NextCacheKv.Benchmarks;

/// <summary>Encodes a command as a RESP multibulk array, the way client libraries send it.</summary>
internal static class RespCommandEncoder
{
    public static void Append(ArrayBufferWriter<byte> output, params ReadOnlySpan<byte[]> arguments)
    {
        AppendLine(output, '*', arguments.Length);
        foreach (byte[] argument in arguments)
        {
            AppendLine(output, '$', argument.Length);
            output.Write(argument);
            output.Write("\r\n"u8);
        }
    }

    private static void AppendLine(ArrayBufferWriter<byte> output, char prefix, int number) =>
        output.Write(Encoding.ASCII.GetBytes($"{prefix}{number}\r\n"));
}
