using NextCacheKv.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace NextCacheKv.Server.Tests;

/// <summary>What differential replies cannot show: scripts are atomic, read records from disk, and survive their own errors.</summary>
public sealed class ScriptingTests
{
    private const string GetSetIncrement = """
        for i = 1, tonumber(ARGV[1]) do
          local v = tonumber(redis.call('GET', KEYS[1]) or '0')
          redis.call('SET', KEYS[1], v + 1)
        end
        return redis.call('GET', KEYS[1])
        """;

    [Fact]
    public async Task A_get_then_set_loop_loses_no_concurrent_increment()
    {
        await using var server = await TestServer.StartAsync();
        const int ScriptClients = 2, ScriptRuns = 20, LoopLength = 100, IncrClients = 4, IncrBatches = 20, BatchSize = 50;

        var scripts = Enumerable.Range(0, ScriptClients).Select(async _ =>
        {
            await using var client = await server.ConnectAsync();
            for (int run = 0; run < ScriptRuns; run++)
                Assert.Equal((byte)'$', (await client.CommandAsync("EVAL", GetSetIncrement, "1", "counter", LoopLength.ToString()))[0]);
        });
        var incrs = Enumerable.Range(0, IncrClients).Select(async _ =>
        {
            await using var client = await server.ConnectAsync();
            byte[] batch = [.. Enumerable.Range(0, BatchSize).SelectMany(_ => RespCommand.Encode(["INCR", "counter"]))];
            for (int b = 0; b < IncrBatches; b++)
            {
                await client.SendAsync(batch);
                for (int i = 0; i < BatchSize; i++) Assert.Equal((byte)':', (await client.ReadReplyAsync())[0]);
            }
        });
        await Task.WhenAll(scripts.Concat(incrs)).WaitAsync(TimeSpan.FromSeconds(60));

        await using var reader = await server.ConnectAsync();
        long expected = ScriptClients * ScriptRuns * LoopLength + IncrClients * IncrBatches * BatchSize;
        Assert.Equal($"${expected.ToString().Length}\\r\\n{expected}\\r\\n", await reader.CommandTextAsync("GET", "counter"));
    }

    [Fact]
    public async Task A_script_sees_no_write_of_another_client_while_it_runs()
    {
        await using var server = await TestServer.StartAsync();
        const string ReadTwice = """
            local first = redis.call('GET', KEYS[1])
            for i = 1, 2000 do redis.call('EXISTS', KEYS[1]) end
            if redis.call('GET', KEYS[1]) == first then return 1 end
            return 0
            """;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var client = await server.ConnectAsync();
            while (!stop.IsCancellationRequested) await client.CommandAsync("INCR", "x");
        });

        await using var script = await server.ConnectAsync();
        for (int run = 0; run < 30; run++)
            Assert.Equal(":1\\r\\n", await script.CommandTextAsync("EVAL", ReadTwice, "1", "x"));
        stop.Cancel();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Redis_call_reads_records_the_store_must_fetch_from_disk()
    {
        await using var server = await TestServer.StartAsync(options =>
        {
            options.Store.MemoryBytes = 8L << 20;
            options.Store.PageBytes = 1L << 20;
            options.Store.IndexBytes = 1L << 20;
        });
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},syncTimeout=20000,asyncTimeout=20000");
        var db = redis.GetDatabase();
        var value = new string('v', 1000);
        for (int start = 0; start < 24_000; start += 1000)
            await Task.WhenAll(Enumerable.Range(start, 1000).Select(i => db.StringSetAsync($"k{i}", value + i)));

        var result = (RedisResult[])(await db.ScriptEvaluateAsync(
            "local out = {} for i, key in ipairs(KEYS) do out[i] = redis.call('GET', key) end redis.call('APPEND', KEYS[1], '!') return out",
            [.. Enumerable.Range(0, 50).Select(i => (RedisKey)$"k{i}")]))!;

        Assert.Equal(Enumerable.Range(0, 50).Select(i => value + i), result.Select(r => (string)r!));
        Assert.Equal(value + "0!", (string?)await db.StringGetAsync("k0"));
    }

    [Fact]
    public async Task Redis_call_works_again_after_an_error_was_caught_or_ended_a_script()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.CommandAsync("SET", "s", "text");

        Assert.Equal("*2\\r\\n$5\\r\\nfalse\\r\\n+PONG\\r\\n", await client.CommandTextAsync("EVAL",
            "local call = redis.call local ok = pcall(call, 'INCR', 's') return {tostring(ok), call('PING')}", "0"));
        Assert.Equal("*2\\r\\n$5\\r\\nfalse\\r\\n+PONG\\r\\n", await client.CommandTextAsync("EVAL",
            "local co = coroutine.create(function() redis.call('INCR', 's') end) local ok = coroutine.resume(co) return {tostring(ok), redis.call('PING')}", "0"));
        Assert.Equal("*2\\r\\n$-1\\r\\n$5\\r\\ntable\\r\\n", await client.CommandTextAsync("EVAL",
            "return {xpcall(function() return redis.call('INCR', 's') end, function(e) return type(e) end)}", "0"));
        Assert.StartsWith("-ERR value is not an integer", await client.CommandTextAsync("EVAL", "return redis.call('INCR', 's')", "0"));
        Assert.Equal(":1\\r\\n", await client.CommandTextAsync("EVAL", "return redis.call('INCR', 'n')", "0"));
        Assert.Equal("$40\\r\\nda39a3ee5e6b4b0d3255bfef95601890afd80709\\r\\n", await client.CommandTextAsync("EVAL", "pcall(redis.sha1hex) return redis.sha1hex('')", "0"));
    }

    [Fact]
    public async Task StackExchange_redis_scripts_load_and_run_by_sha()
    {
        await using var server = await TestServer.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        var db = redis.GetDatabase();
        await db.StringSetAsync("k", "v");

        var unlinked = await db.ScriptEvaluateAsync(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('UNLINK', KEYS[1]) end return 0", ["k"], ["v"]);
        var prepared = await LuaScript.Prepare("return redis.call('INCRBY', @key, @amount)").LoadAsync(redis.GetServer("127.0.0.1", server.Port));
        var incremented = await prepared.EvaluateAsync(db, new { key = (RedisKey)"n", amount = 5 });

        Assert.Equal(1, (long)unlinked);
        Assert.False(await db.KeyExistsAsync("k"));
        Assert.Equal(5, (long)incremented);
        Assert.True(await redis.GetServer("127.0.0.1", server.Port).ScriptExistsAsync(prepared.Hash));
    }
}
