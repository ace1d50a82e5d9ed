using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Accessors of a parsed request.</summary>
public sealed class RespRequestTests
{
    [Fact]
    public void Accessors_expose_arguments()
    {
        RespRequest request = Parse("*3\r\n$3\r\nset\r\n$2\r\nex\r\n$3\r\n\u00e9x\0\r\n");

        Assert.Equal(3, request.Count);
        Assert.False(request.IsInline);
        Assert.True(request.ArgEqualsIgnoreCase(0, "SET"u8));
        Assert.True(request.ArgEqualsIgnoreCase(1, "EX"u8));
        Assert.False(request.ArgEqualsIgnoreCase(1, "PX"u8));
        Assert.False(request.ArgEqualsIgnoreCase(1, "EXX"u8));
        Assert.False(request.ArgEqualsIgnoreCase(2, "\u00c9X\0"u8));
        Assert.Equal("\u00e9x\0", Sequences.Text(request.GetMemory(2).Span));
    }

    [Fact]
    public void Index_outside_the_request_throws()
    {
        RespRequest request = Parse("PING\r\n");

        Assert.True(request.IsInline);
        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetMemory(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetMemory(-1));
    }

    [Fact]
    public void Clear_empties_the_request()
    {
        RespRequest request = Parse("PING\r\n");

        request.Clear();

        Assert.Equal(0, request.Count);
        Assert.False(request.IsInline);
    }

    [Fact]
    public void Request_stays_usable_after_dispose()
    {
        var request = new RespRequest();
        var buffer = Sequences.Chunked(Sequences.Bytes("*1\r\n$10\r\n0123456789\r\n"), 3);
        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));

        request.Dispose();
        buffer = Sequences.Chunked(Sequences.Bytes("*1\r\n$10\r\nabcdefghij\r\n"), 3);

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));
        Assert.Equal("abcdefghij", Sequences.Text(request[0]));
    }

    [Fact]
    public void Many_arguments_grow_the_argument_storage()
    {
        string wire = "*3000\r\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"${i.ToString().Length}\r\n{i}\r\n"));

        RespRequest request = Parse(wire);

        Assert.Equal(3000, request.Count);
        Assert.True(request.TryGetInt64(2999, out long last));
        Assert.Equal(2999, last);
    }

    private static RespRequest Parse(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Sequences.Bytes(wire));
        var request = new RespRequest();
        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));
        return request;
    }
}
