using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>However the bytes are cut into segments, the parsed requests must be identical.</summary>
public sealed class RespReaderSegmentationTests
{
    [Theory]
    [MemberData(nameof(RequestSamples.Indexes), MemberType = typeof(RequestSamples))]
    public void Contiguous_buffer_parses_expected_requests(int sample)
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.All[sample];

        AssertParses(new ReadOnlySequence<byte>(Sequences.Bytes(wire)), expected);
    }

    [Theory]
    [MemberData(nameof(RequestSamples.Indexes), MemberType = typeof(RequestSamples))]
    public void Two_segments_split_at_every_offset_parse_identically(int sample)
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.All[sample];
        byte[] data = Sequences.Bytes(wire);

        for (int cut = 0; cut <= data.Length; cut++)
        {
            AssertParses(Sequences.Split(data, cut), expected, $"cut at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(RequestSamples.Indexes), MemberType = typeof(RequestSamples))]
    public void One_byte_segments_parse_identically(int sample)
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.All[sample];

        AssertParses(Sequences.Chunked(Sequences.Bytes(wire), 1), expected);
    }

    [Fact]
    public void Pipeline_split_at_every_offset_and_into_single_bytes_parses_identically()
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.Pipeline();
        byte[] data = Sequences.Bytes(wire);

        AssertParses(new ReadOnlySequence<byte>(data), expected);
        AssertParses(Sequences.Chunked(data, 1), expected);
        AssertParses(Sequences.Chunked(data, 3), expected);
        for (int cut = 0; cut <= data.Length; cut++)
        {
            AssertParses(Sequences.Split(data, cut), expected, $"cut at {cut}");
            AssertParses(Sequences.Split(data, cut / 2, cut), expected, $"cuts at {cut / 2} and {cut}");
        }
    }

    [Fact]
    public void Empty_segments_are_skipped()
    {
        byte[] data = Sequences.Bytes("*1\r\n$4\r\nPING\r\nECHO x\r\n");

        AssertParses(
            Sequences.Split(data, 0, 0, 5, 5, 9, data.Length),
            [RequestSamples.Multibulk("PING"), RequestSamples.Inline("ECHO", "x")]);
    }

    [Fact]
    public void Value_in_one_segment_is_not_copied()
    {
        byte[] data = Sequences.Bytes("*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n");
        var buffer = new ReadOnlySequence<byte>(data);
        var request = new RespRequest();

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(request.GetMemory(1), out ArraySegment<byte> segment));
        Assert.Same(data, segment.Array);
        Assert.Equal(data.Length - 7, segment.Offset);
    }

    [Fact]
    public void Large_value_spread_over_many_segments_is_gathered()
    {
        byte[] value = new byte[100_000];
        new Random(7).NextBytes(value);
        byte[] header = Sequences.Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n");
        byte[] data = [.. header, .. value, .. "\r\n*1\r\n$4\r\nPING\r\n"u8];
        ReadOnlySequence<byte> buffer = Sequences.Chunked(data, 4096);
        var request = new RespRequest();
        var limits = new ProtocolLimits();

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, limits, out _));
        Assert.Equal(3, request.Count);
        Assert.True(request[2].SequenceEqual(value));

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, limits, out _));
        Assert.True(request.ArgEqualsIgnoreCase(0, "PING"u8));
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Value_spread_over_segments_is_handed_out_as_those_segments_without_a_copy()
    {
        byte[] value = new byte[50_000];
        new Random(8).NextBytes(value);
        byte[] data = [.. Sequences.Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$50000\r\n"), .. value, .. "\r\n"u8];
        ReadOnlySequence<byte> buffer = Sequences.Chunked(data, 16384);
        ReadOnlySequence<byte> original = buffer;
        var request = new RespRequest();

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out _));

        Assert.False(request.IsContiguous(2));
        Assert.True(request.IsContiguous(1));
        ReadOnlySequence<byte> segments = request.GetSequence(2);
        Assert.False(segments.IsSingleSegment);
        Assert.Equal(value, segments.ToArray());
        // The first segment of the value is a slice of the caller's first buffer segment: nothing was copied.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(segments.First, out ArraySegment<byte> first));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(original.First, out ArraySegment<byte> firstBuffer));
        Assert.Same(firstBuffer.Array, first.Array);
        // An argument in one segment is a one-segment sequence.
        Assert.True(request.GetSequence(1).IsSingleSegment);
        Assert.True(request.GetSequence(1).FirstSpan.SequenceEqual("k"u8));
    }

    [Fact]
    public void Value_spread_over_segments_is_gathered_once_when_asked_for_in_one_piece()
    {
        byte[] value = new byte[40_000];
        new Random(9).NextBytes(value);
        byte[] data = [.. Sequences.Bytes("*2\r\n$4\r\nECHO\r\n$40000\r\n"), .. value, .. "\r\n"u8,
            .. Sequences.Bytes("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n")];
        ReadOnlySequence<byte> buffer = Sequences.Chunked(data, 1000);
        var request = new RespRequest();
        var limits = new ProtocolLimits();

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, limits, out _));
        Assert.False(request.IsContiguous(1));
        ReadOnlyMemory<byte> gathered = request.GetMemory(1);
        Assert.True(request.IsContiguous(1), "once gathered, it is one piece");
        Assert.Equal(value, gathered.ToArray());
        Assert.True(request.GetMemory(1).Equals(gathered), "a second ask returns the same copy");
        Assert.True(request.GetSequence(1).IsSingleSegment);
        Assert.True(request[1].SequenceEqual(value));

        // The next request starts clean: its arguments are its own.
        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, limits, out _));
        Assert.Equal(2, request.Count);
        Assert.True(request[1].SequenceEqual("abc"u8));
        Assert.Equal(0, buffer.Length);
    }

    private static void AssertParses(ReadOnlySequence<byte> buffer, ParsedRequest[] expected, string because = "")
    {
        ParseOutcome outcome = ParseOutcome.Run(buffer);

        Assert.True(outcome.Error is null, $"{because}: unexpected error {outcome.Error}");
        Assert.True(expected.SequenceEqual(outcome.Requests), $"{because}: got [{string.Join("; ", outcome.Requests)}]");
        Assert.Equal(RespParseStatus.Incomplete, outcome.FinalStatus);
        Assert.Equal(0, outcome.Remaining);
    }
}
