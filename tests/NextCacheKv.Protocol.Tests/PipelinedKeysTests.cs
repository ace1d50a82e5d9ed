using System.Text;
using NextCacheKv.Protocol;

namespace NextCacheKv.Protocol.Tests;

/// <summary>The key scan ahead of a pipelined batch: the first argument of each complete multibulk request, nothing else.</summary>
public class PipelinedKeysTests
{
    [Fact]
    public void It_finds_the_first_argument_of_each_complete_request_and_passes_over_one_word_requests()
    {
        string buffer = "*3\r\n$3\r\nSET\r\n$4\r\nk:01\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n*3\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n";

        Assert.Equal(["k:01", "", "a"], Keys(buffer, 8));
    }

    [Fact]
    public void It_stops_at_an_incomplete_request()
    {
        string complete = "*2\r\n$3\r\nGET\r\n$3\r\nabc\r\n";
        string whole = complete + "*2\r\n$3\r\nGET\r\n$3\r\nxyz\r\n";
        for (int cut = complete.Length; cut < whole.Length; cut++)
            Assert.Equal(["abc"], Keys(whole[..cut], 8));
        Assert.Equal(["abc", "xyz"], Keys(whole, 8));
    }

    [Theory]
    [InlineData("PING\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n")]
    [InlineData("*2\r\n$3\r\nGET\r\n$x\r\na\r\n")]
    [InlineData("*2\r\n$3\r\nGET\r\n$-1\r\n")]
    [InlineData("*-1\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n")]
    [InlineData("*2\r\n+3\r\nGET\r\n$1\r\na\r\n")]
    [InlineData("*2\r\n$3\r\nGET\r\n$99999999999999999999\r\na\r\n")]
    public void It_stops_at_anything_but_a_plain_multibulk_request(string buffer)
        => Assert.Empty(Keys(buffer, 8));

    [Fact]
    public void It_fills_at_most_the_room_it_is_given()
    {
        string buffer = string.Concat(Enumerable.Range(0, 10).Select(i => $"*2\r\n$3\r\nGET\r\n$2\r\nk{i}\r\n"));

        Assert.Equal(["k0", "k1", "k2"], Keys(buffer, 3));
        Assert.Equal(10, Keys(buffer, 64).Length);
    }

    private static string[] Keys(string text, int room)
    {
        byte[] buffer = Encoding.ASCII.GetBytes(text);
        var keys = new Range[room];
        int found = PipelinedKeys.Find(buffer, keys);
        return keys[..found].Select(k => Encoding.ASCII.GetString(buffer.AsSpan(k))).ToArray();
    }
}
