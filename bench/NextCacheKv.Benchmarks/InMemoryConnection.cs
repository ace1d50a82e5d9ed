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

    /// <summary>The segment size and thresholds the server's socket listener uses.</summary>
    private static PipeOptions SocketLikeOptions(long pauseWriterBytes) => new(
        pool: null,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: pauseWriterBytes,
        resumeWriterThreshold: pauseWriterBytes / 2,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);
}
