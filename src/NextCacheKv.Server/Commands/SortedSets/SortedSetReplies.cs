using NextCacheKv.Protocol;
using NextCacheKv.Storage.Objects.SortedSets;

namespace NextCacheKv.Server.Commands;

/// <summary>Reply shapes shared by the sorted-set commands.</summary>
internal static class SortedSetReplies
{
    /// <summary>A score: RESP2 bulk string in %.17g, RESP3 double.</summary>
    public static void Score(CommandContext c, double score) => c.Writer.WriteDouble(score, c.Protocol);

    /// <summary>
    /// Members, optionally with scores: RESP2 a flat array member, score, …; RESP3 an array of
    /// [member, score] pairs (Redis 7 keeps the order, so not a map).
    /// </summary>
    public static void Members(CommandContext c, List<SkipListNode> nodes, bool withScores)
    {
        if (!withScores)
        {
            c.ArrayHeader(nodes.Count);
            foreach (var node in nodes) c.Bulk(node.Member);
            return;
        }
        bool nested = c.Protocol > 2;
        c.ArrayHeader(nested ? nodes.Count : nodes.Count * 2);
        foreach (var node in nodes)
        {
            if (nested) c.ArrayHeader(2);
            c.Bulk(node.Member);
            Score(c, node.Score);
        }
    }
}
