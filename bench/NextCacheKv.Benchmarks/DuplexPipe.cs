using System.IO.Pipelines;

namespace NextCacheKv.Benchmarks;

/// <summary>One end of a connection: what it reads and what it writes.</summary>
internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
