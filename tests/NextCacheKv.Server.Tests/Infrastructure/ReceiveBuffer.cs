namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Bytes received but not yet handed out as replies.</summary>
internal sealed class ReceiveBuffer
{
    private byte[] bytes = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => bytes.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (Length + data.Length > bytes.Length)
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + data.Length));
        data.CopyTo(bytes.AsSpan(Length));
        Length += data.Length;
    }

    /// <summary>Removes and returns the first <paramref name="count"/> bytes.</summary>
    public byte[] Take(int count)
    {
        var taken = bytes.AsSpan(0, count).ToArray();
        bytes.AsSpan(count, Length - count).CopyTo(bytes);
        Length -= count;
        return taken;
    }
}
