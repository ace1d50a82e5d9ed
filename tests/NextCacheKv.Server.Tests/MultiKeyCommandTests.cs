using System.Text;
using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Commands over many keys warm the cache for them in windows of 32 before running them. Whatever the count
/// (one key, a window and one more, repeats, keys that do not exist), each command answers exactly as it would
/// key by key.
/// </summary>
public sealed class MultiKeyCommandTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(70)]
    public async Task Mset_mget_exists_and_del_over_many_keys_answer_for_each_key(int count)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var mset = new List<string> { "MSET" };
        for (int i = 0; i < count; i++) mset.AddRange([$"k{i}", $"v{i}"]);
        // The last key again, with a new value: the later pair wins.
        mset.AddRange([$"k{count - 1}", "last"]);
        Assert.Equal("+OK\\r\\n", await client.CommandTextAsync([.. mset]));

        var mget = new List<string> { "MGET" };
        var expected = new StringBuilder($"*{count + 1}\r\n");
        for (int i = 0; i < count; i++)
        {
            mget.Add($"k{i}");
            string value = i == count - 1 ? "last" : $"v{i}";
            expected.Append($"${value.Length}\r\n{value}\r\n");
        }
        mget.Add("missing");
        expected.Append("$-1\r\n");
        // Raw bytes: the escaped text of a long reply is shortened for display.
        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(await client.CommandAsync([.. mget])));

        // EXISTS counts a key once per mention; DEL removes each key once.
        var keys = Enumerable.Range(0, count).Select(i => $"k{i}").ToList();
        Assert.Equal($":{count + 2}\\r\\n", await client.CommandTextAsync(["EXISTS", .. keys, "k0", "k0", "missing"]));
        Assert.Equal($":{count}\\r\\n", await client.CommandTextAsync(["DEL", .. keys, "k0", "missing"]));
        Assert.Equal(":0\\r\\n", await client.CommandTextAsync("DBSIZE"));

        Assert.Equal(":1\\r\\n", await client.CommandTextAsync(["MSETNX", .. keys.SelectMany(k => new[] { k, "again" })]));
        Assert.Equal($":{count}\\r\\n", await client.CommandTextAsync("DBSIZE"));
    }
}
