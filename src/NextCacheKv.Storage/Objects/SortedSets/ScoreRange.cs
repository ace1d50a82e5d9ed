namespace NextCacheKv.Storage.Objects.SortedSets;

/// <summary>A score interval as ZRANGEBYSCORE takes it: each end inclusive, or exclusive when written "(x".</summary>
public readonly record struct ScoreRange(double Min, bool MinExclusive, double Max, bool MaxExclusive)
{
    public bool IsAboveMin(double score) => MinExclusive ? score > Min : score >= Min;

    public bool IsBelowMax(double score) => MaxExclusive ? score < Max : score <= Max;

    public bool Contains(double score) => IsAboveMin(score) && IsBelowMax(score);

    /// <summary>False when no score can satisfy both ends (min above max, or equal ends with one excluded).</summary>
    public bool CanContainAnything => !(Min > Max || (Min == Max && (MinExclusive || MaxExclusive)));
}
