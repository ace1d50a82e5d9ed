using System.IO.Pipelines;
using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;
using NextCacheKv.Server.Transport;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Between reading every ready socket and running their commands, an event loop asks each connection to warm
/// the cache for the request it read. The connection must name its request's key, in its own database, and
/// nothing for input that holds no key; warming never changes what the commands then do.
/// </summary>
public sealed class InputWarmingTests
{
    [Fact]
    public async Task A_connection_warms_the_key_of_the_request_it_read_in_its_database()
    {
        using var directory = new TempDirectory("warming");
        var options = new ServerOptions { CheckpointIntervalSeconds = 0 };
        options.Store.Directory = directory.Path;
        options.Store.MemoryBytes = 64L * 1024 * 1024;
        await using var server = new CacheServer(options);
        await server.StartAsync(listen: false);
        using var session = server.Store.NewSession();
        session.Set(0, "hello"u8, "world"u8.ToArray(), Storage.StoreFlags.None, 0);

        var input = new Pipe();
        var output = new Pipe();
        var connection = new RespConnection(server, new Duplex(input.Reader, output.Writer), null, null);
        IInputWarmer warmer = connection;

        long token = warmer.WarmBucket(Request("GET", "hello"));
        Assert.NotEqual(0, token);
        Assert.Equal(session.PrefetchBucket(0, "hello"u8), token);
        Assert.NotEqual(session.PrefetchBucket(1, "hello"u8), token);
        // The first argument after the command is the key, however many follow.
        Assert.Equal(token, warmer.WarmBucket(Request("SET", "hello", "again", "EX", "10")));
        warmer.WarmRecord(token);

        Assert.Equal(0, warmer.WarmBucket(Request("PING")));
        Assert.Equal(0, warmer.WarmBucket(Request("GET", "hello").AsSpan(0, 20)));
        Assert.Equal(0, warmer.WarmBucket("GET hello\r\n"u8));
        Assert.Equal(0, warmer.WarmBucket(default));
        warmer.WarmRecord(0);
        warmer.WarmRecord(12345);

        // The connection then runs as if nothing happened.
        var serving = connection.RunAsync();
        await input.Writer.WriteAsync(Request("GET", "hello"));
        var reply = await output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("$5\r\nworld\r\n", Encoding.ASCII.GetString(reply.Buffer.FirstSpan));
        output.Reader.AdvanceTo(reply.Buffer.End);
        await input.Writer.CompleteAsync();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static byte[] Request(params string[] arguments)
    {
        var text = new StringBuilder($"*{arguments.Length}\r\n");
        foreach (string argument in arguments) text.Append($"${argument.Length}\r\n{argument}\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
