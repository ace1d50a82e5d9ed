using System.Text;

namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Encodes a command as a RESP multibulk array, the way client libraries send it.</summary>
public static class RespCommand
{
    public static byte[] Encode(params string[] args) => Encode(args.Select(RespText.Bytes).ToArray());

    public static byte[] Encode(params byte[][] args)
    {
        using var output = new MemoryStream();
        Write(output, $"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            Write(output, $"${arg.Length}\r\n");
            output.Write(arg);
            Write(output, "\r\n");
        }
        return output.ToArray();
    }

    /// <summary><see cref="Encode(string[])"/> as text, for building pipelines of ASCII commands.</summary>
    public static string Text(params string[] args) => Encoding.Latin1.GetString(Encode(args));

    /// <summary>The bulk-string reply a server gives for <paramref name="value"/>.</summary>
    public static string BulkReply(string value) => $"${value.Length}\r\n{value}\r\n";

    /// <summary>Human-readable form for failure messages, quoting arguments that need it.</summary>
    public static string Describe(IEnumerable<string> args) =>
        string.Join(' ', args.Select(arg => arg.Length == 0 || arg.Any(c => c <= ' ' || c == '"' || c > '~') ? $"\"{RespText.Escape(RespText.Bytes(arg))}\"" : arg));

    private static void Write(Stream output, string ascii) => output.Write(Encoding.ASCII.GetBytes(ascii));
}
