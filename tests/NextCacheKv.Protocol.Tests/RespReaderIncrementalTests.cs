using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Partial requests: nothing is consumed until a request is complete, and resuming gives the same result.</summary>
public sealed class RespReaderIncrementalTests
{
    [Theory]
    [MemberData(nameof(RequestSamples.SingleRequestIndexes), MemberType = typeof(RequestSamples))]
    public void Every_proper_prefix_of_a_single_request_is_incomplete_and_not_consumed(int sample)
    {
        byte[] data = Sequences.Bytes(RequestSamples.All[sample].Wire);
        for (int length = 0; length < data.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(data, 0, length);
            var request = new RespRequest();

            RespParseStatus status = RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out string? error);

            Assert.Equal(RespParseStatus.Incomplete, status);
            Assert.Null(error);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(0, request.Count);
        }
    }

    [Fact]
    public void Ignored_frames_are_consumed_even_when_the_following_request_is_incomplete()
    {
        var buffer = new ReadOnlySequence<byte>(Sequences.Bytes("*0\r\n\r\n*-1\r\n  \n*2\r\n$3\r\nGET"));

        RespParseStatus status = RespReader.TryParse(ref buffer, new RespRequest(), new ProtocolLimits(), out _);

        Assert.Equal(RespParseStatus.Incomplete, status);
        Assert.Equal("*2\r\n$3\r\nGET", Sequences.Text(buffer.ToArray()));
    }

    [Fact]
    public void Feeding_one_byte_at_a_time_into_the_same_array_resumes_and_matches()
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.Pipeline();
        byte[] data = Sequences.Bytes(wire);

        List<ParsedRequest> parsed = FeedGrowing(data, (offset, length) => new ReadOnlySequence<byte>(data, offset, length));

        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Feeding_a_growing_segment_chain_resumes_and_matches(int segmentSize)
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.Pipeline();
        byte[] data = Sequences.Bytes(wire);
        ReadOnlySequence<byte> whole = Sequences.Chunked(data, segmentSize);

        List<ParsedRequest> parsed = FeedGrowing(data, (offset, length) => whole.Slice(offset, length));

        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Large_request_arriving_in_small_reads_parses_once_complete()
    {
        const int argumentCount = 20_000;
        var wire = new System.Text.StringBuilder($"*{argumentCount + 1}\r\n$5\r\nRPUSH\r\n");
        for (int i = 0; i < argumentCount; i++)
        {
            wire.Append($"${i.ToString().Length}\r\n{i}\r\n");
        }

        byte[] data = Sequences.Bytes(wire.ToString());
        ReadOnlySequence<byte> whole = Sequences.Chunked(data, 512);
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        for (int length = 512; ; length += 512)
        {
            ReadOnlySequence<byte> buffer = whole.Slice(0, Math.Min(length, data.Length));
            RespParseStatus status = RespReader.TryParse(ref buffer, request, limits, out _);
            if (length < data.Length)
            {
                Assert.Equal(RespParseStatus.Incomplete, status);
                continue;
            }

            Assert.Equal(RespParseStatus.Complete, status);
            break;
        }

        Assert.Equal(argumentCount + 1, request.Count);
        Assert.Equal("19999", Sequences.Text(request[argumentCount]));
    }

    [Fact]
    public void Resuming_does_not_reparse_headers_already_processed()
    {
        // If the parser started over, the corrupted header would be an error; resuming never looks at it again.
        byte[] data = Sequences.Bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        var partial = new ReadOnlySequence<byte>(data, 0, 20);
        Assert.Equal(RespParseStatus.Incomplete, RespReader.TryParse(ref partial, request, limits, out _));

        data[5] = (byte)'x';
        var complete = new ReadOnlySequence<byte>(data);

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref complete, request, limits, out _));
        Assert.Equal(["GET", "key"], ParsedRequest.From(request).Arguments);
    }

    [Fact]
    public void A_buffer_starting_elsewhere_discards_stale_progress()
    {
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        var partial = new ReadOnlySequence<byte>(Sequences.Bytes("*2\r\n$3\r\nGET\r\n"));
        Assert.Equal(RespParseStatus.Incomplete, RespReader.TryParse(ref partial, request, limits, out _));

        var other = new ReadOnlySequence<byte>(Sequences.Bytes("*1\r\n$4\r\nPING\r\n"));
        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref other, request, limits, out _));

        Assert.Equal(1, request.Count);
        Assert.Equal("PING", Sequences.Text(request[0]));
    }

    [Fact]
    public void Clear_discards_progress_even_for_the_same_start()
    {
        byte[] data = new byte[64];
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        Sequences.Bytes("*2\r\n$3\r\nGET\r\n").CopyTo(data, 0);
        var partial = new ReadOnlySequence<byte>(data, 0, 13);
        Assert.Equal(RespParseStatus.Incomplete, RespReader.TryParse(ref partial, request, limits, out _));

        request.Clear();
        byte[] replacement = Sequences.Bytes("*1\r\n$4\r\nPING\r\n");
        replacement.CopyTo(data, 0);
        var buffer = new ReadOnlySequence<byte>(data, 0, replacement.Length);

        Assert.Equal(RespParseStatus.Complete, RespReader.TryParse(ref buffer, request, limits, out _));
        Assert.Equal(["PING"], ParsedRequest.From(request).Arguments);
    }

    /// <summary>
    /// Simulates a PipeReader: the visible buffer grows by one byte per read, keeps its start until a request
    /// completes, and the parse loop runs after every read.
    /// </summary>
    private static List<ParsedRequest> FeedGrowing(byte[] data, Func<int, int, ReadOnlySequence<byte>> window)
    {
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        var parsed = new List<ParsedRequest>();
        int consumed = 0;
        for (int end = 0; end <= data.Length; end++)
        {
            ReadOnlySequence<byte> buffer = window(consumed, end - consumed);
            long before = buffer.Length;
            RespParseStatus status;
            while ((status = RespReader.TryParse(ref buffer, request, limits, out _)) == RespParseStatus.Complete)
            {
                parsed.Add(ParsedRequest.From(request));
            }

            Assert.Equal(RespParseStatus.Incomplete, status);
            consumed += (int)(before - buffer.Length);
        }

        Assert.Equal(data.Length, consumed);
        return parsed;
    }
}
