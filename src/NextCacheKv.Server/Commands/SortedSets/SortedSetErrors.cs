namespace NextCacheKv.Server.Commands;

/// <summary>Redis 7.0's sorted-set error texts, byte for byte.</summary>
internal static class SortedSetErrors
{
    public const string XxAndNx = "ERR XX and NX options at the same time are not compatible";
    public const string GtLtNx = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public const string IncrSinglePair = "ERR INCR option supports a single increment-element pair";
    public const string NaNScore = "ERR resulting score is not a number (NaN)";
    public const string ScoreRange = "ERR min or max is not a float";
    public const string LexRange = "ERR min or max not valid string range item";
    public const string LimitNeedsByScoreOrLex = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public const string WithScoresWithByLex = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public const string WeightNotFloat = "ERR weight value is not a float";
    public const string LimitNegative = "ERR LIMIT can't be negative";
}
