namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>An error reply, kept distinct from a string that happens to look like one.</summary>
public sealed record RespError(string Message);
