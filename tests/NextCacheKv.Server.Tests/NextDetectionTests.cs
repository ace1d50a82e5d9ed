using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// A cache handler decides at start whether it talks to NextCacheKv or plain Redis: COMMAND INFO
/// NEXTGET answers with a row, and INFO server lists the commands.
/// </summary>
public sealed class NextDetectionTests : ServerClientTest
{
    [Theory]
    [InlineData("NEXTGET", "*1\\r\\n*10\\r\\n$7\\r\\nnextget\\r\\n:-2\\r\\n")]
    [InlineData("NEXTSET", "*1\\r\\n*10\\r\\n$7\\r\\nnextset\\r\\n:-3\\r\\n")]
    [InlineData("nexttag", "*1\\r\\n*10\\r\\n$7\\r\\nnexttag\\r\\n:-2\\r\\n")]
    public async Task Command_info_answers_with_the_row(string command, string rowStart)
    {
        Assert.StartsWith(rowStart, await client.CommandTextAsync("COMMAND", "INFO", command));
    }

    [Fact]
    public async Task Info_server_lists_the_commands()
    {
        var info = Assert.IsType<string>(RespDecoder.Decode(await client.CommandAsync("INFO", "server")));

        Assert.Contains("\r\nnext_commands:nextget,nextset,nexttag\r\n", info);
    }
}
