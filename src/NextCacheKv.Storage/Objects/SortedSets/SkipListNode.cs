namespace NextCacheKv.Storage.Objects.SortedSets;

/// <summary>
/// One member of a <see cref="ScoreSkipList"/>. Each level links forward and records its span (how many
/// level-0 steps the link jumps), which is what makes rank and index lookups O(log n).
/// </summary>
public sealed class SkipListNode
{
    internal SkipListNode(byte[] member, double score, int levelCount)
    {
        Member = member;
        Score = score;
        Levels = new SkipListLevel[levelCount];
    }

    public byte[] Member { get; }

    public double Score { get; internal set; }

    /// <summary>The next member in (score, member) order, or null at the end.</summary>
    public SkipListNode? Next => Levels[0].Forward;

    /// <summary>The previous member, or null at the start.</summary>
    public SkipListNode? Previous { get; internal set; }

    /// <summary>Position in the owning set's scan slots (ZSCAN cursor space); stable while the member exists.</summary>
    internal int Slot { get; set; }

    internal SkipListLevel[] Levels { get; }

    /// <summary>True when this node sorts before (<paramref name="score"/>, <paramref name="member"/>).</summary>
    internal bool Precedes(double score, ReadOnlySpan<byte> member) =>
        Score < score || (Score == score && Member.AsSpan().SequenceCompareTo(member) < 0);

    /// <summary>True when this node sorts before or is (<paramref name="score"/>, <paramref name="member"/>).</summary>
    internal bool PrecedesOrEquals(double score, ReadOnlySpan<byte> member) =>
        Score < score || (Score == score && Member.AsSpan().SequenceCompareTo(member) <= 0);
}

internal struct SkipListLevel
{
    public SkipListNode? Forward;

    public long Span;
}
