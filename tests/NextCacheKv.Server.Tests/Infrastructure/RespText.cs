using System.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Shows raw protocol bytes readably in assertion messages (CR, LF, NUL and non-ASCII escaped).</summary>
public static class RespText
{
    private const int MaxShownBytes = 600;

    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, MaxShownBytes)])
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        if (bytes.Length > MaxShownBytes)
            text.Append($"... ({bytes.Length} bytes in total)");
        return text.ToString();
    }

    /// <summary>Latin-1 keeps every byte value, so tests can write binary payloads as C# strings.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
