using System.Text;

namespace NextCacheKv.Server;

/// <summary>
/// Case-insensitive ASCII comparer that also looks up raw request bytes, so finding a command
/// never turns its name into a string.
/// </summary>
internal sealed class CommandNameComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    public static readonly CommandNameComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(string obj)
    {
        Span<byte> bytes = stackalloc byte[obj.Length];
        for (int i = 0; i < obj.Length; i++) bytes[i] = (byte)obj[i];
        return GetHashCode((ReadOnlySpan<byte>)bytes);
    }

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        uint hash = 2166136261;
        foreach (byte b in alternate) hash = (hash ^ Lower(b)) * 16777619;
        return (int)hash;
    }

    public bool Equals(ReadOnlySpan<byte> alternate, string other)
    {
        if (alternate.Length != other.Length) return false;
        for (int i = 0; i < alternate.Length; i++)
            if (Lower(alternate[i]) != Lower((byte)other[i])) return false;
        return true;
    }

    private static uint Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (uint)(b | 0x20) : b;

    public string Create(ReadOnlySpan<byte> alternate) => Encoding.ASCII.GetString(alternate);
}
