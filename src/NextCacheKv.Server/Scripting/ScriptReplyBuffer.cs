using System.Buffers;
using System.IO.Pipelines;

namespace NextCacheKv.Server.Scripting;

/// <summary>Where a command run by redis.call writes its reply, to be parsed back into Lua values.</summary>
internal sealed class ScriptReplyBuffer : PipeWriter
{
    private ArrayBufferWriter<byte> buffer = new(256);

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    /// <summary>Forgets the previous reply; a large one's memory is released rather than kept.</summary>
    public void Reset()
    {
        if (buffer.Capacity > 1 << 20) buffer = new ArrayBufferWriter<byte>(256);
        else buffer.ResetWrittenCount();
    }

    public override void Advance(int bytes) => buffer.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => buffer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => buffer.GetSpan(sizeHint);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => buffer.WrittenCount;

    /// <summary>Nothing to send: completes at once, so a handler's flush never waits inside a script.</summary>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
