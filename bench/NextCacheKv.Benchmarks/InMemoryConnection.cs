using System.Buffers;
using System.IO.Pipelines;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// A client connection without a socket: one pipe for requests, one for replies. Inline schedulers make the
/// server's request loop run on the thread that flushes requests, as inline socket completions do in production.
/// </summary>
internal sealed class InMemoryConnection
{
    private readonly Pipe requests = new(SocketLikeOptions(pauseWriterBytes: 1024 * 1024));
    private readonly Pipe replies = new(SocketLikeOptions(pauseWriterBytes: 4 * 1024 * 1024));

    public InMemoryConnection() => ServerSide = new DuplexPipe(requests.Reader, replies.Writer);

    public IDuplexPipe ServerSide { get; }

    public PipeWriter ClientOutput => requests.Writer;

    public PipeReader ClientInput => replies.Reader;

    /// <summary>
    /// Sends one pre-encoded batch and reads until it has framed <paramref name="replies"/> replies.
    /// With inline schedulers the server parses, executes and replies inside the flush.
    /// </summary>
    public int RoundTrip(byte[] batch, int replies)
    {
        ClientOutput.Write(batch);
        ValueTask<FlushResult> flush = ClientOutput.FlushAsync();
        _ = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
        int count = 0;
        while (true)
        {
            // TryRead always succeeds when the server ran inline; the fallback only guards against a hang.
            ReadResult result = ClientInput.TryRead(out ReadResult ready) ? ready : ClientInput.ReadAsync().AsTask().GetAwaiter().GetResult();
            var reader = new SequenceReader<byte>(result.Buffer);
            while (count < replies && ReplyFramer.TrySkip(ref reader)) count++;
            bool surplus = count == replies && !reader.End;
            ClientInput.AdvanceTo(reader.Position, result.Buffer.End);
            if (surplus) throw new InvalidDataException("The server sent more replies than requests.");
            if (count == replies) return count;
            if (result.IsCompleted) throw new InvalidDataException($"The server closed the connection after {count} replies.");
        }
    }

    /// <summary>The segment size and thresholds the server's socket listener uses.</summary>
    private static PipeOptions SocketLikeOptions(long pauseWriterBytes) => new(
        pool: NextCacheKv.Server.BlockMemoryPool.ForSockets,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: pauseWriterBytes,
        resumeWriterThreshold: pauseWriterBytes / 2,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);
}
