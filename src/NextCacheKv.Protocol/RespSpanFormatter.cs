using System.Buffers.Text;

namespace NextCacheKv.Protocol;

/// <summary>
/// Formats several small RESP items into one span, so a reply made of many small parts (a NEXTGET
/// header: ten fields) costs one GetSpan/Advance on the pipe instead of one pair per part. The caller
/// asks for <see cref="HeaderSize"/> per header and <see cref="BulkStringSize"/> per bulk string.
/// </summary>
public ref struct RespSpanFormatter
{
    /// <summary>Room for one header: prefix, "-9223372036854775808", CRLF.</summary>
    public const int HeaderSize = 1 + 20 + 2;

    private readonly Span<byte> destination;

    public RespSpanFormatter(Span<byte> destination) => this.destination = destination;

    /// <summary>Bytes formatted so far: what to pass to Advance.</summary>
    public int Written { get; private set; }

    /// <summary>Room for a bulk string of <paramref name="length"/> bytes.</summary>
    public static int BulkStringSize(int length) => HeaderSize + length + 2;

    /// <summary><c>*count\r\n</c>.</summary>
    public void ArrayHeader(int count) => Header((byte)'*', count);

    /// <summary><c>:value\r\n</c>.</summary>
    public void Integer(long value) => Header((byte)':', value);

    /// <summary><c>$len\r\nbytes\r\n</c>.</summary>
    public void BulkString(scoped ReadOnlySpan<byte> value)
    {
        Header((byte)'$', value.Length);
        value.CopyTo(destination[Written..]);
        Written += value.Length;
        Crlf();
    }

    private void Header(byte prefix, long value)
    {
        destination[Written] = prefix;
        int digits;
        if ((ulong)value < 10)
        {
            // Counts and tag lengths: most headers of a reply like NEXTGET's have one or two digits.
            destination[Written + 1] = (byte)('0' + value);
            digits = 1;
        }
        else if ((ulong)value < 100)
        {
            destination[Written + 1] = (byte)('0' + value / 10);
            destination[Written + 2] = (byte)('0' + value % 10);
            digits = 2;
        }
        else Utf8Formatter.TryFormat(value, destination[(Written + 1)..], out digits);
        Written += 1 + digits;
        Crlf();
    }

    private void Crlf()
    {
        destination[Written] = (byte)'\r';
        destination[Written + 1] = (byte)'\n';
        Written += 2;
    }
}
