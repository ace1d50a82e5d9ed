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

    private static void AssertParses(ReadOnlySequence<byte> buffer, ParsedRequest[] expected, string because = "")
    {
        ParseOutcome outcome = ParseOutcome.Run(buffer);

        Assert.True(outcome.Error is null, $"{because}: unexpected error {outcome.Error}");
        Assert.True(expected.SequenceEqual(outcome.Requests), $"{because}: got [{string.Join("; ", outcome.Requests)}]");
        Assert.Equal(RespParseStatus.Incomplete, outcome.FinalStatus);
        Assert.Equal(0, outcome.Remaining);
    }
}
