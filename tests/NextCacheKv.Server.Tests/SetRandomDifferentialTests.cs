using NextCacheKv.Server.Tests.Differential;
using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Long random set sequences must get Redis's replies. SPOP and SRANDMEMBER cannot match member for
/// member, so they are checked by their properties instead: how many members come back, that they are
/// distinct where they must be, that each was in the set (Redis's copy says so), and SPOP's members are
/// then removed from Redis's copy with SREM, so both servers keep holding the same sets.
/// </summary>
public sealed class SetRandomDifferentialTests
{
    private const int CommandCount = 1500;

    private static readonly HashSet<string> ListingCommands = ["SMEMBERS", "SINTER", "SUNION", "SDIFF", "SSCAN"];

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public async Task Random_set_sequence_matches_redis(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await RunAsync(diff, seed, resp3: false);
    }

    [Theory]
    [InlineData(24)]
    public async Task Random_set_sequence_matches_redis_over_resp3(int seed)
    {
        await using var diff = await DifferentialHarness.StartAsync();
        await diff.RunAsync(Command("HELLO", "3").TypeOnly());

        await RunAsync(diff, seed, resp3: true);
    }

    private static async Task RunAsync(DifferentialHarness diff, int seed, bool resp3)
    {
        int step = 0;
        foreach (var action in new SetRandomCommandGenerator(seed).Generate(CommandCount))
        {
            step++;
            if (action.IsRandom) await CheckRandomAsync(diff, action.Args, resp3, step);
            else if (ListingCommands.Contains(action.Args[0])) await diff.RunAsync(Command(action.Args).Unordered());
            else await diff.RunAsync(Command(action.Args));
        }
        for (int i = 0; i < 6; i++)
        {
            await diff.RunAsync(Command("TYPE", "s" + i));
            await diff.RunAsync(Command("SMEMBERS", "s" + i).Unordered());
        }
    }

    private static async Task CheckRandomAsync(DifferentialHarness diff, string[] args, bool resp3, int step)
    {
        string key = args[1];
        string context = $"step {step}: {string.Join(' ', args)}";
        var type = RespDecoder.Decode(await diff.Ours.CommandAsync("TYPE", key));
        Assert.Equal(RespDecoder.Decode(await diff.Redis.CommandAsync("TYPE", key)), type);
        if (!Equals(type, "set"))
        {
            // Missing or another type: the reply is determined (null, empty, WRONGTYPE).
            await diff.RunAsync(Command(args));
            return;
        }
        long size = (long)RespDecoder.Decode(await diff.Redis.CommandAsync("SCARD", key))!;
        Assert.Equal(size, (long)RespDecoder.Decode(await diff.Ours.CommandAsync("SCARD", key))!);
        bool withCount = args.Length == 3;
        long count = withCount ? long.Parse(args[2]) : 1;

        byte[] ourReply = await diff.Ours.CommandAsync(args);
        var members = withCount
            ? ((List<object?>)RespDecoder.Decode(ourReply)!).Cast<string>().ToList()
            : [(string)RespDecoder.Decode(ourReply)!];
        if (args[0] == "SPOP")
        {
            Assert.True(ourReply[0] == (withCount ? (resp3 ? '~' : '*') : '$'), $"{context}: reply type {RespText.Escape(ourReply)}");
            Assert.Equal(Math.Min(count, size), members.Count);
            Assert.Equal(members.Count, members.Distinct().Count());
            if (members.Count > 0)
            {
                // Every popped member was in Redis's copy, which now drops them too.
                Assert.Equal((long)members.Count, RespDecoder.Decode(await diff.Redis.CommandAsync(["SREM", key, .. members])));
            }
            return;
        }
        byte[] redisReply = await diff.Redis.CommandAsync(args);
        Assert.True(ourReply[0] == redisReply[0], $"{context}: reply type {RespText.Escape(ourReply)} vs {RespText.Escape(redisReply)}");
        long expected = !withCount ? 1 : count >= 0 ? Math.Min(count, size) : -count;
        Assert.Equal(expected, members.Count);
        if (count > 0) Assert.Equal(members.Count, members.Distinct().Count());
        if (members.Count > 0)
        {
            var memberships = (List<object?>)RespDecoder.Decode(await diff.Redis.CommandAsync(["SMISMEMBER", key, .. members]))!;
            Assert.All(memberships, isMember => Assert.Equal(1L, isMember));
        }
    }
}
