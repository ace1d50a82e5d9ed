using NextCacheKv.Server.Tests.PubSub;

namespace NextCacheKv.Server.Tests;

/// <summary>
/// Pub/sub over raw sockets, a subscriber and a publisher connection per server: every confirmation,
/// message, pmessage, error and PING reply must match redis-server byte for byte, in RESP2 and RESP3.
/// </summary>
public sealed class PubSubDifferentialTests
{
    public static TheoryData<string> Names => new(PubSubScripts.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_in_resp2(string script) => PubSubTranscript.AssertSameAsRedisAsync(PubSubScripts.Get(script, 2));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_in_resp3(string script) => PubSubTranscript.AssertSameAsRedisAsync(PubSubScripts.Get(script, 3));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_pipelined_in_resp2(string script) => PubSubTranscript.AssertSameAsRedisAsync(PubSubTranscript.Pipelined(PubSubScripts.Get(script, 2)));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Script_matches_redis_pipelined_in_resp3(string script) => PubSubTranscript.AssertSameAsRedisAsync(PubSubTranscript.Pipelined(PubSubScripts.Get(script, 3)));

    [Fact]
    public Task Resp3_subscriber_runs_commands_and_sees_its_own_messages_first() => PubSubTranscript.AssertSameAsRedisAsync(PubSubScripts.RespThreeOnly);
}
