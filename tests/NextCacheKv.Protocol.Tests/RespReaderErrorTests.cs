using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Malformed frames produce Redis 7's exact error texts; frames Redis ignores are skipped.</summary>
public sealed class RespReaderErrorTests
{
    [Theory]
    [InlineData("*abc\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*01\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*-0\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*+1\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*2147483648\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*3000000000\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*1048577\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*1\r\nfoo\r\n", "Protocol error: expected '$', got 'f'")]
    [InlineData("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'")]
    [InlineData("*2\r\n$3\r\nGET\r\n:1\r\n", "Protocol error: expected '$', got ':'")]
    [InlineData("*1\r\n$-5\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$-1\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$abc\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$ 3\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n", "Protocol error: invalid bulk length")]
    [InlineData("SET \"a\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET \"a\"b\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET 'a\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET 'a'b c\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET 'a\\'\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET \"a\\\"\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET \"a\\\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("set \"\"\"test-key\"\"\" test-value\r\nping\r\n", "Protocol error: unbalanced quotes in request")]
    public void Malformed_frame_reports_redis_error(string wire, string expectedError)
    {
        var buffer = new ReadOnlySequence<byte>(Sequences.Bytes(wire));
        var request = new RespRequest();

        RespParseStatus status = RespReader.TryParse(ref buffer, request, new ProtocolLimits(), out string? error);

        Assert.Equal(RespParseStatus.Error, status);
        Assert.Equal(expectedError, error);
        Assert.Equal(0, request.Count);
    }

    [Fact]
    public void Error_after_valid_requests_is_reported_once_they_are_consumed()
    {
        ParseOutcome outcome = ParseOutcome.Run("PING\r\n*1\r\n$4\r\nPING\r\n*1\r\nxyz\r\n");

        Assert.Equal(2, outcome.Requests.Count);
        Assert.Equal(RespParseStatus.Error, outcome.FinalStatus);
        Assert.Equal("Protocol error: expected '$', got 'x'", outcome.Error);
    }

    [Fact]
    public void Unterminated_multibulk_count_over_64k_is_too_big()
    {
        AssertError("*" + new string('1', 64 * 1024), "Protocol error: too big mbulk count string");
        AssertIncomplete("*" + new string('1', 64 * 1024 - 1));
    }

    [Fact]
    public void Unterminated_bulk_length_over_64k_is_too_big()
    {
        AssertError("*1\r\n$" + new string('1', 64 * 1024), "Protocol error: too big bulk count string");
        AssertIncomplete("*1\r\n$" + new string('1', 64 * 1024 - 1));
    }

    [Fact]
    public void Unterminated_inline_request_over_64k_is_too_big()
    {
        AssertError("GET " + new string('a', 64 * 1024 - 3), "Protocol error: too big inline request");
        AssertIncomplete("GET " + new string('a', 64 * 1024 - 4));
    }

    [Fact]
    public void Nul_byte_hides_the_line_end_like_redis_strchr()
    {
        // Redis searches header lines with strchr, which stops at NUL: such a line can only hit the size limit.
        var limits = new ProtocolLimits { MaxInlineLength = 32 };
        AssertIncomplete("*1\0\r\n$4\r\nPING\r\n", limits);
        AssertError("*1\0\r\n" + new string('x', 40), "Protocol error: too big mbulk count string", limits);
        AssertIncomplete("GET a\0\r\nPING\r\n", limits);
        AssertError("\0" + new string('x', 40) + "\r\n", "Protocol error: too big inline request", limits);
    }

    [Fact]
    public void Carriage_return_needs_one_more_byte_which_is_not_validated()
    {
        AssertIncomplete("*1\r");
        AssertIncomplete("*1\r\n$4\r");
        ParseOutcome outcome = ParseOutcome.Run("*1\rX$4\rYPINGZZ");

        Assert.Equal([RequestSamples.Multibulk("PING")], outcome.Requests);
    }

    [Theory]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*-100\r\n")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData(" \t \r\n")]
    [InlineData("\v\f\r\n")]
    public void Empty_frames_are_ignored(string wire)
    {
        ParseOutcome outcome = ParseOutcome.Run(wire + "*1\r\n$4\r\nPING\r\n" + wire);

        Assert.Equal([RequestSamples.Multibulk("PING")], outcome.Requests);
        Assert.Equal(RespParseStatus.Incomplete, outcome.FinalStatus);
        Assert.Equal(0, outcome.Remaining);
    }

    private static void AssertError(string wire, string expectedError, ProtocolLimits? limits = null)
    {
        ParseOutcome outcome = ParseOutcome.Run(wire, limits);

        Assert.Equal(RespParseStatus.Error, outcome.FinalStatus);
        Assert.Equal(expectedError, outcome.Error);
    }

    private static void AssertIncomplete(string wire, ProtocolLimits? limits = null)
    {
        ParseOutcome outcome = ParseOutcome.Run(wire, limits);

        Assert.Empty(outcome.Requests);
        Assert.Equal(RespParseStatus.Incomplete, outcome.FinalStatus);
        Assert.Null(outcome.Error);
        Assert.Equal(wire.Length, outcome.Remaining);
    }
}
