namespace NextCacheKv.Protocol.Tests;

/// <summary>Inline lines split like Redis's sdssplitargs.</summary>
public sealed class InlineSplittingTests
{
    [Theory]
    [InlineData("PING\r\n", new[] { "PING" })]
    [InlineData("PING\n", new[] { "PING" })]
    [InlineData("  SET   a\tb  \r\n", new[] { "SET", "a", "b" })]
    [InlineData("a\rb\r\n", new[] { "a", "b" })]
    [InlineData("a\vb\fc\r\n", new[] { "a\vb\fc" })]
    [InlineData("\"\"\r\n", new[] { "" })]
    [InlineData("''\r\n", new[] { "" })]
    [InlineData("\"a b\"\r\n", new[] { "a b" })]
    [InlineData("\"a\"\tb\r\n", new[] { "a", "b" })]
    [InlineData("\"a\"\v\r\n", new[] { "a" })]
    [InlineData("\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n", new[] { "\n\r\t\b\a\\\"q" })]
    [InlineData("\"\\x41\\x7a\\xFF\\x00\"\r\n", new[] { "Az\u00ff\0" })]
    [InlineData("\"\\x4\"\r\n", new[] { "x4" })]
    [InlineData("\"\\xg1\"\r\n", new[] { "xg1" })]
    [InlineData("'it\\'s'\r\n", new[] { "it's" })]
    [InlineData("'a\\nb\\\\x'\r\n", new[] { "a\\nb\\\\x" })]
    [InlineData("'say \"hi\"'\r\n", new[] { "say \"hi\"" })]
    [InlineData("\"it's\"\r\n", new[] { "it's" })]
    [InlineData("key\"with space\" next\r\n", new[] { "keywith space", "next" })]
    [InlineData("pre'fix' x\r\n", new[] { "prefix", "x" })]
    [InlineData("a\"b\"\r\n", new[] { "ab" })]
    public void Line_splits_into_expected_arguments(string line, string[] expected)
    {
        ParseOutcome outcome = ParseOutcome.Run(line);

        Assert.Null(outcome.Error);
        Assert.Equal([RequestSamples.Inline(expected)], outcome.Requests);
    }

    [Fact]
    public void Quoted_line_spanning_segments_splits_the_same()
    {
        byte[] data = Sequences.Bytes("SET \"k \\x41\" 'v\\'w' plain\r\nGET x\r\n");
        ParsedRequest[] expected = [RequestSamples.Inline("SET", "k A", "v'w", "plain"), RequestSamples.Inline("GET", "x")];

        for (int size = 1; size <= data.Length; size++)
        {
            Assert.Equal(expected, ParseOutcome.Run(Sequences.Chunked(data, size)).Requests);
        }
    }
}
