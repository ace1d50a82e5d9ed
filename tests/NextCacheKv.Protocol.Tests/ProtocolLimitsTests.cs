using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>Each configurable limit is enforced at its boundary.</summary>
public sealed class ProtocolLimitsTests
{
    [Fact]
    public void Defaults_match_redis()
    {
        var limits = new ProtocolLimits();

        Assert.Equal(512L * 1024 * 1024, limits.MaxBulkLength);
        Assert.Equal(1024 * 1024, limits.MaxArguments);
        Assert.Equal(64 * 1024, limits.MaxInlineLength);
        Assert.Equal(1024L * 1024 * 1024, limits.QueryBufferLimit);
    }

    [Fact]
    public void Invalid_limit_values_are_rejected()
    {
        var limits = new ProtocolLimits();

        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxArguments = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxBulkLength = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxInlineLength = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.QueryBufferLimit = 0);
    }

    [Fact]
    public void MaxArguments_limits_multibulk_count()
    {
        var limits = new ProtocolLimits { MaxArguments = 3 };

        Assert.Single(ParseOutcome.Run("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", limits).Requests);
        AssertError("*4\r\n", ProtocolErrors.InvalidMultibulkLength, limits);
    }

    [Fact]
    public void MaxArguments_limits_inline_words()
    {
        var limits = new ProtocolLimits { MaxArguments = 3 };

        Assert.Single(ParseOutcome.Run("a b c   \r\n", limits).Requests);
        AssertError("a b c d\r\n", "Protocol error: too many arguments", limits);
    }

    [Fact]
    public void MaxBulkLength_limits_each_bulk()
    {
        var limits = new ProtocolLimits { MaxBulkLength = 10 };

        Assert.Single(ParseOutcome.Run("*1\r\n$10\r\n0123456789\r\n", limits).Requests);
        AssertError("*1\r\n$11\r\n", ProtocolErrors.InvalidBulkLength, limits);
    }

    [Fact]
    public void MaxInlineLength_limits_inline_lines_complete_or_not()
    {
        var limits = new ProtocolLimits { MaxInlineLength = 16 };

        Assert.Single(ParseOutcome.Run(new string('a', 15) + "\r\n", limits).Requests);
        Assert.Single(ParseOutcome.Run(new string('a', 16) + "\n", limits).Requests);
        AssertError(new string('a', 16) + "\r\n", ProtocolErrors.TooBigInlineRequest, limits);
        AssertError(new string('a', 17), ProtocolErrors.TooBigInlineRequest, limits);
        Assert.Equal(RespParseStatus.Incomplete, ParseOutcome.Run(new string('a', 16), limits).FinalStatus);
    }

    [Fact]
    public void MaxInlineLength_limits_unterminated_multibulk_headers()
    {
        var limits = new ProtocolLimits { MaxInlineLength = 16 };

        AssertError("*" + new string('1', 16), ProtocolErrors.TooBigMultibulkCountString, limits);
        AssertError("*1\r\n$" + new string('1', 16), ProtocolErrors.TooBigBulkCountString, limits);
    }

    [Fact]
    public void QueryBufferLimit_rejects_declared_size_before_the_payload_arrives()
    {
        var limits = new ProtocolLimits { QueryBufferLimit = 64 };

        // "*2\r\n" 4 + "$3\r\nSET\r\n" 9 + "$20\r\n" 5 + 20 + 2 = 40 bytes.
        Assert.Single(ParseOutcome.Run("*2\r\n$3\r\nSET\r\n$20\r\n01234567890123456789\r\n", limits).Requests);

        // Headers 4 + 9 + 5 = 18, plus 45 + 2 declared = 65: rejected with no payload buffered yet.
        AssertError("*2\r\n$3\r\nSET\r\n$45\r\n", ProtocolErrors.QueryBufferLimitExceeded, limits);

        // Exactly at the limit is accepted: 18 + 44 + 2 = 64.
        Assert.Single(ParseOutcome.Run("*2\r\n$3\r\nSET\r\n$44\r\n" + new string('v', 44) + "\r\n", limits).Requests);
    }

    [Fact]
    public void QueryBufferLimit_rejects_buffered_size_of_an_unfinished_request()
    {
        var limits = new ProtocolLimits { QueryBufferLimit = 64, MaxInlineLength = 1000 };

        AssertError(new string('a', 65), ProtocolErrors.QueryBufferLimitExceeded, limits);
        AssertError(new string('a', 63) + "\r\n", ProtocolErrors.QueryBufferLimitExceeded, limits);
        AssertError("*1\r\n$" + new string('1', 61), ProtocolErrors.QueryBufferLimitExceeded, limits);
        Assert.Equal(RespParseStatus.Incomplete, ParseOutcome.Run(new string('a', 64), limits).FinalStatus);
    }

    [Fact]
    public void QueryBufferLimit_applies_per_request_not_per_pipeline()
    {
        var limits = new ProtocolLimits { QueryBufferLimit = 20 };
        string ping = "*1\r\n$4\r\nPING\r\n";

        ParseOutcome outcome = ParseOutcome.Run(string.Concat(Enumerable.Repeat(ping, 10)), limits);

        Assert.Equal(10, outcome.Requests.Count);
        Assert.Null(outcome.Error);
    }

    private static void AssertError(string wire, string expectedError, ProtocolLimits limits)
    {
        var buffer = new ReadOnlySequence<byte>(Sequences.Bytes(wire));

        RespParseStatus status = RespReader.TryParse(ref buffer, new RespRequest(), limits, out string? error);

        Assert.Equal(RespParseStatus.Error, status);
        Assert.Equal(expectedError, error);
    }
}
