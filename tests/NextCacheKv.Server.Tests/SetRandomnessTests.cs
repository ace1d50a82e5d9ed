using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// SPOP and SRANDMEMBER pick uniformly: over thousands of draws from ten members every member's share
/// stays within about nine standard deviations of its expectation (a false failure is practically
/// impossible; a biased pick, such as never choosing the last slot, fails at once).
/// </summary>
public sealed class SetRandomnessTests : ServerClientTest
{
    private static readonly string[] Ten = [.. Enumerable.Range(0, 10).Select(i => $"m{i}")];

    [Fact]
    public async Task Srandmember_with_a_negative_count_picks_each_member_equally()
    {
        await client.CommandAsync(["SADD", "s", .. Ten]);

        var picks = Members(await client.CommandAsync("SRANDMEMBER", "s", "-20000"));

        Assert.Equal(20_000, picks.Count);
        AssertUniform(picks, expectedEach: 2000, tolerance: 400);
    }

    [Fact]
    public async Task Srandmember_with_a_positive_count_gives_distinct_members_in_uniform_positions()
    {
        await client.CommandAsync(["SADD", "s", .. Ten]);
        var samples = new List<List<string>>();
        foreach (var reply in await PipelineAsync(Enumerable.Repeat(new[] { "SRANDMEMBER", "s", "3" }, 5000)))
            samples.Add(Members(reply));

        Assert.All(samples, sample => Assert.Equal(3, sample.Distinct().Count()));
        AssertUniform(samples.SelectMany(sample => sample).ToList(), expectedEach: 1500, tolerance: 300);
        AssertUniform(samples.Select(sample => sample[0]).ToList(), expectedEach: 500, tolerance: 190);
    }

    [Fact]
    public async Task Spop_removes_each_member_equally_often()
    {
        var rounds = Enumerable.Range(0, 4000).SelectMany(_ => new[] { ["SADD", "p", .. Ten], new[] { "SPOP", "p" }, ["DEL", "p"] });
        var replies = await PipelineAsync(rounds);

        var popped = replies.Where((_, i) => i % 3 == 1).Select(reply => (string)RespDecoder.Decode(reply)!).ToList();
        AssertUniform(popped, expectedEach: 400, tolerance: 170);
    }

    [Fact]
    public async Task Spop_with_a_count_removes_distinct_members_equally_often()
    {
        var rounds = Enumerable.Range(0, 3000).SelectMany(_ => new[] { ["SADD", "p", .. Ten], new[] { "SPOP", "p", "4" }, ["SCARD", "p"], ["DEL", "p"] });
        var replies = await PipelineAsync(rounds);

        var pops = replies.Where((_, i) => i % 4 == 1).Select(Members).ToList();
        Assert.All(pops, pop => Assert.Equal(4, pop.Distinct().Count()));
        Assert.All(replies.Where((_, i) => i % 4 == 2), card => Assert.Equal(6L, RespDecoder.Decode(card)));
        AssertUniform(pops.SelectMany(pop => pop).ToList(), expectedEach: 1200, tolerance: 240);
    }

    private async Task<List<byte[]>> PipelineAsync(IEnumerable<string[]> commands)
    {
        var replies = new List<byte[]>();
        foreach (var batch in commands.Chunk(300))
        {
            await client.SendAsync([.. batch.SelectMany(command => RespCommand.Encode(command))]);
            for (int i = 0; i < batch.Length; i++) replies.Add(await client.ReadReplyAsync());
        }
        return replies;
    }

    private static List<string> Members(byte[] reply) => ((List<object?>)RespDecoder.Decode(reply)!).Cast<string>().ToList();

    private static void AssertUniform(List<string> picks, int expectedEach, int tolerance)
    {
        var counts = picks.GroupBy(pick => pick).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(Ten.Order(), counts.Keys.Order());
        Assert.All(counts, pair => Assert.InRange(pair.Value, expectedEach - tolerance, expectedEach + tolerance));
    }
}
