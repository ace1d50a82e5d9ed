namespace NextCacheKv.Storage;

/// <summary>What an RMW decides to do with a key, computed once from the input and the current value.</summary>
internal enum UpdateAction : byte
{
    /// <summary>Leave the record as it is; the output already holds the reply.</summary>
    Keep,
    /// <summary>Write a new value of <see cref="UpdatePlan.NewLength"/> bytes.</summary>
    Write,
    /// <summary>Remove the key.</summary>
    Delete,
}

internal readonly record struct UpdatePlan(UpdateAction Action, int NewLength = 0)
{
    public static UpdatePlan Keep => new(UpdateAction.Keep);
    public static UpdatePlan Delete => new(UpdateAction.Delete);
    public static UpdatePlan Write(int length) => new(UpdateAction.Write, length);
}
