using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Exact bytes of every reply encoder, in RESP2 and RESP3.</summary>
public sealed class RespWriterTests
{
    [Fact]
    public void Simple_strings_and_errors()
    {
        Assert.Equal("+OK\r\n", Written(w => w.WriteSimpleString("OK"u8)));
        Assert.Equal("+PONG\r\n", Written(w => w.WriteSimpleString("PONG")));
        Assert.Equal("+\r\n", Written(w => w.WriteSimpleString(""u8)));
        Assert.Equal("-ERR syntax error\r\n", Written(w => w.WriteError("ERR syntax error"u8)));
        Assert.Equal("-WRONGTYPE Operation\r\n", Written(w => w.WriteError("WRONGTYPE Operation")));
    }

    [Fact]
    public void Line_breaks_in_simple_strings_and_errors_become_spaces()
    {
        Assert.Equal("+a b c\r\n", Written(w => w.WriteSimpleString("a\rb\nc"u8)));
        Assert.Equal("-ERR unknown 'x y'\r\n", Written(w => w.WriteError("ERR unknown 'x\ny'")));
        string longText = new string('a', 5000) + "\r\n";
        Assert.Equal("-" + new string('a', 5000) + "  \r\n", Written(w => w.WriteError(Sequences.Bytes(longText))));
    }

    [Theory]
    [InlineData(0L, ":0\r\n")]
    [InlineData(42L, ":42\r\n")]
    [InlineData(-1L, ":-1\r\n")]
    [InlineData(long.MaxValue, ":9223372036854775807\r\n")]
    [InlineData(long.MinValue, ":-9223372036854775808\r\n")]
    public void Integers(long value, string expected)
    {
        Assert.Equal(expected, Written(w => w.WriteInteger(value)));
    }

    [Fact]
    public void Bulk_strings()
    {
        Assert.Equal("$5\r\nhello\r\n", Written(w => w.WriteBulkString("hello"u8)));
        Assert.Equal("$0\r\n\r\n", Written(w => w.WriteBulkString(""u8)));
        Assert.Equal("$4\r\na\r\n\0\r\n", Written(w => w.WriteBulkString("a\r\n\0"u8)));
        Assert.Equal("$2\r\n\u00c3\u00a9\r\n", Written(w => w.WriteBulkString("\u00e9")));
        Assert.Equal("$6\r\nabcdef\r\n", Written(w => w.WriteBulkString(Sequences.Chunked(Sequences.Bytes("abcdef"), 2))));
        Assert.Equal("$3\r\nabc\r\n", Written(w => w.WriteBulkString(new ReadOnlySequence<byte>(Sequences.Bytes("abc")))));
    }

    [Fact]
    public void Large_bulk_string_is_written_in_chunks()
    {
        byte[] value = new byte[100_000];
        new Random(3).NextBytes(value);
        var writer = new SmallChunkWriter(1000);

        writer.WriteBulkString(value);

        byte[] expected = [.. "$100000\r\n"u8, .. value, .. "\r\n"u8];
        Assert.Equal(expected, writer.WrittenBytes);
    }

    [Fact]
    public void Streamed_bulk_string()
    {
        Assert.Equal("$6\r\nfoobar\r\n", Written(w =>
        {
            w.WriteBulkStringHeader(6);
            w.WriteRaw("foo"u8);
            w.WriteRaw("bar"u8);
            w.WriteCrlf();
        }));
    }

    [Theory]
    [InlineData(2, "$-1\r\n", "*-1\r\n")]
    [InlineData(3, "_\r\n", "_\r\n")]
    public void Nulls(int protocol, string nullBulk, string nullArray)
    {
        Assert.Equal(nullBulk, Written(w => w.WriteNullBulk(protocol)));
        Assert.Equal(nullArray, Written(w => w.WriteNullArray(protocol)));
    }

    [Theory]
    [InlineData(2, "*3\r\n", "*4\r\n", "*3\r\n", "*3\r\n")]
    [InlineData(3, "*3\r\n", "%2\r\n", "~3\r\n", ">3\r\n")]
    public void Aggregate_headers(int protocol, string array, string map, string set, string push)
    {
        Assert.Equal(array, Written(w => w.WriteArrayHeader(3)));
        Assert.Equal(map, Written(w => w.WriteMapHeader(2, protocol)));
        Assert.Equal(set, Written(w => w.WriteSetHeader(3, protocol)));
        Assert.Equal(push, Written(w => w.WritePushHeader(3, protocol)));
        Assert.Equal("*0\r\n", Written(w => w.WriteArrayHeader(0)));
    }

    [Theory]
    [InlineData(1.5d, 2, "$3\r\n1.5\r\n")]
    [InlineData(1.5d, 3, ",1.5\r\n")]
    [InlineData(0.1d, 2, "$19\r\n0.10000000000000001\r\n")]
    [InlineData(0.1d, 3, ",0.10000000000000001\r\n")]
    [InlineData(3d, 3, ",3\r\n")]
    [InlineData(double.PositiveInfinity, 2, "$3\r\ninf\r\n")]
    [InlineData(double.PositiveInfinity, 3, ",inf\r\n")]
    [InlineData(double.NegativeInfinity, 3, ",-inf\r\n")]
    [InlineData(-0.0d, 3, ",-0\r\n")]
    [InlineData(1e300d, 3, ",1.0000000000000001e+300\r\n")]
    public void Doubles(double value, int protocol, string expected)
    {
        Assert.Equal(expected, Written(w => w.WriteDouble(value, protocol)));
    }

    [Theory]
    [InlineData(true, 2, ":1\r\n")]
    [InlineData(false, 2, ":0\r\n")]
    [InlineData(true, 3, "#t\r\n")]
    [InlineData(false, 3, "#f\r\n")]
    public void Booleans(bool value, int protocol, string expected)
    {
        Assert.Equal(expected, Written(w => w.WriteBoolean(value, protocol)));
    }

    [Theory]
    [InlineData(2, "$11\r\nhello\nworld\r\n")]
    [InlineData(3, "=15\r\ntxt:hello\nworld\r\n")]
    public void Verbatim_strings(int protocol, string expected)
    {
        Assert.Equal(expected, Written(w => w.WriteVerbatimString("hello\nworld"u8, protocol)));
    }

    [Fact]
    public void Literals()
    {
        Assert.Equal("+OK\r\n", Sequences.Text(RespLiterals.Ok));
        Assert.Equal("+PONG\r\n", Sequences.Text(RespLiterals.Pong));
        Assert.Equal("+QUEUED\r\n", Sequences.Text(RespLiterals.Queued));
        Assert.Equal("$-1\r\n", Sequences.Text(RespLiterals.NullBulk2));
        Assert.Equal("*-1\r\n", Sequences.Text(RespLiterals.NullArray2));
        Assert.Equal("_\r\n", Sequences.Text(RespLiterals.Null3));
        Assert.Equal("*0\r\n", Sequences.Text(RespLiterals.EmptyArray));
        Assert.Equal("$0\r\n\r\n", Sequences.Text(RespLiterals.EmptyBulk));
        Assert.Equal(":0\r\n", Sequences.Text(RespLiterals.Zero));
        Assert.Equal(":1\r\n", Sequences.Text(RespLiterals.One));
        Assert.Equal(":-1\r\n", Sequences.Text(RespLiterals.MinusOne));
        Assert.Equal("\r\n", Sequences.Text(RespLiterals.Crlf));
    }

    private static string Written(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Sequences.Text(writer.WrittenSpan);
    }

    /// <summary>Hands out spans no bigger than requested (or a fixed chunk), to prove large payloads are split.</summary>
    private sealed class SmallChunkWriter(int chunkSize) : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = [];

        public byte[] WrittenBytes => [.. _written];

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, chunkSize)];

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Assert.True(sizeHint <= 4096 + 64, $"asked for a {sizeHint} byte span");
            return GetMemory(sizeHint).Span;
        }
    }
}
