using System.IO.Pipelines;

namespace NextCacheKv.Server;

/// <summary>Where replies go while CLIENT REPLY OFF or SKIP suppresses them: written, then forgotten.</summary>
internal sealed class DiscardingPipeWriter : PipeWriter
{
    private byte[] scratch = new byte[4096];

    public override void Advance(int bytes)
    {
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (sizeHint > scratch.Length) scratch = new byte[sizeHint];
        return scratch;
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
