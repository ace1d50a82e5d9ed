using NextCacheKv.Server.Tests.Infrastructure;

namespace NextCacheKv.Server.Tests.Differential;

/// <summary>A named sequence of steps that must get Redis's replies; runs under RESP2 and RESP3.</summary>
public sealed record DifferentialScript(string Name, IReadOnlyList<DiffStep> Steps)
{
    public override string ToString() => Name;
}
