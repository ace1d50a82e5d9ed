using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// The output of an <see cref="EpollConnection"/>: replies are written into pooled blocks, and
/// <see cref="FlushAsync"/> sends them with one sendmsg, on the flushing thread, or, when that is the loop
/// running a batch, once every connection of the batch ran (<see cref="EpollLoop.TryDeferSend"/>). A Pipe with a
/// send loop reading it took four locks and a continuation hop per flush (about 5 % of a pipeline-depth-1
/// request's CPU). Only when the kernel's buffer is full does the rest wait for the loop to report the socket
/// writable (<see cref="OnWritable"/>); meanwhile the connection may go on writing, and its flushes wait once
/// more than the pause threshold is unsent, until the client has read it down to the resume threshold.
/// </summary>
/// <remarks>
/// One writer at a time (the connection's loop, wherever it runs); a second thread only ever sends what was
/// flushed, in <see cref="OnWritable"/>. Who sends is decided under the lock (<see cref="SendState"/>), so two
/// threads never send at once; the syscalls themselves run outside it.
/// </remarks>
internal sealed unsafe partial class SocketWriter : PipeWriter
{
    private const int MaxVectors = 64;

    /// <summary>
    /// A flush with at least this much unsent is sent at once rather than left to the loop's end of batch:
    /// deferring is for many small replies, and a large output should start moving (and be paced by the client).
    /// </summary>
    private const long SendNowBytes = 256 * 1024;

    private readonly EpollConnection connection;
    private readonly MemoryPool<byte> pool;
    private readonly long pauseBytes;
    private readonly long resumeBytes;
    private readonly Lock sync = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Chunk? head;
    private Chunk? tail;
    /// <summary>The first chunk holding bytes written since the last flush.</summary>
    private Chunk? flushFrom;
    private long unsent;
    private long unflushed;
    private SendState state;
    private TaskCompletionSource<FlushResult>? flushWait;
    private bool completed;
    private Exception? failure;
    /// <summary>The last block's holder, kept when the block went back to the pool: one per flush would allocate per request.</summary>
    private Chunk? spare;
    /// <summary>1 from the writer's first write after a flush until its next flush: the loop must not take back the last block.</summary>
    private int writerActive;
    /// <summary>1 while the loop takes back an idle connection's last block (see <see cref="TryReleaseIdleBlock"/>).</summary>
    private int releasing;

    public SocketWriter(EpollConnection connection, MemoryPool<byte> pool, long pauseBytes, long resumeBytes)
    {
        this.connection = connection;
        this.pool = pool;
        this.pauseBytes = pauseBytes;
        this.resumeBytes = resumeBytes;
    }

    private enum SendState { Idle, Sending, WaitingForWritable }

    /// <summary>Completes once the writer is complete and everything flushed was sent (or the socket was given up).</summary>
    public Task Drained => drained.Task;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => unflushed;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (completed) throw new InvalidOperationException("Writing is not allowed after the writer was completed.");
        if (writerActive == 0) StartWriting();
        int need = Math.Max(sizeHint, 1);
        if (tail is null || tail.Memory.Length - tail.Written < need) Append(need);
        return tail!.Memory[tail.Written..];
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>
    /// The writer's half of <see cref="TryReleaseIdleBlock"/>: announce the write, then wait out a release under
    /// way (a few instructions), so the block the writer goes on to use is never one the loop gave back.
    /// </summary>
    private void StartWriting()
    {
        Interlocked.Exchange(ref writerActive, 1);
        while (Volatile.Read(ref releasing) != 0) Thread.SpinWait(1);
    }

    public override void Advance(int bytes)
    {
        if (tail is null || bytes < 0 || tail.Written + bytes > tail.Memory.Length) throw new ArgumentOutOfRangeException(nameof(bytes));
        tail.Written += bytes;
        unflushed += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (sync)
        {
            if (failure is not null) throw new IOException("The connection was closed while a reply was being sent.", failure);
            // Everything written is committed: until its next write the writer holds no block.
            Volatile.Write(ref writerActive, 0);
            if (!CommitAndClaim()) return Backpressure();
        }
        // Read without the lock: only this writer adds to it, and a stale value only changes who sends.
        if (unsent >= SendNowBytes || !connection.TryDeferSend()) SendWhatIsFlushed(byWriter: true);
        lock (sync) return Backpressure();
    }

    /// <summary>A send by someone other than the writer, once the send was claimed: the loop's end-of-batch send of a flush it deferred, or a send resumed when the socket is writable.</summary>
    public void SendClaimed()
    {
        try
        {
            SendWhatIsFlushed(byWriter: false);
        }
        catch (IOException)
        {
            // Recorded in failure: the writer's next flush reports it.
        }
    }

    /// <summary>On the loop thread, when the socket it was waiting on is writable again.</summary>
    public void OnWritable()
    {
        lock (sync)
        {
            if (state != SendState.WaitingForWritable) return;
            state = SendState.Sending;
        }
        SendClaimed();
    }

    public override void CancelPendingFlush()
    {
        TaskCompletionSource<FlushResult>? wait;
        lock (sync)
        {
            wait = flushWait;
            flushWait = null;
        }
        wait?.TrySetResult(new FlushResult(isCanceled: true, isCompleted: false));
    }

    public override void Complete(Exception? exception = null)
    {
        if (completed) return;
        completed = true;
        bool send;
        // What was written and not flushed still goes out, as a completed Pipe hands it to its reader.
        lock (sync) send = CommitAndClaim();
        if (!send)
        {
            SettleIfDone();
            return;
        }
        try
        {
            SendWhatIsFlushed(byWriter: true);
        }
        catch (IOException)
        {
            // The client is gone; there is nobody to tell.
        }
    }

    /// <summary>The socket is closed: nothing more is sent, a waiting flush fails, and the writer counts as drained.</summary>
    public void Abandon()
    {
        TaskCompletionSource<FlushResult>? wait;
        lock (sync)
        {
            failure ??= new IOException("The connection was closed.");
            wait = flushWait;
            flushWait = null;
            // A send under way still reads these blocks; it lets them go when it sees the failure.
            if (state != SendState.Sending)
            {
                state = SendState.Idle;
                ReleaseAll();
            }
        }
        wait?.TrySetException(new IOException("The connection was closed while a reply was being sent.", failure));
        drained.TrySetResult();
    }

    /// <summary>Makes what the writer advanced sendable. Under the lock.</summary>
    private void Commit()
    {
        for (var chunk = flushFrom; chunk is not null; chunk = chunk.Next)
        {
            unsent += chunk.Written - chunk.Committed;
            chunk.Committed = chunk.Written;
        }
        flushFrom = tail;
        unflushed = 0;
    }

    /// <summary>Makes what was written sendable and, when nobody is sending, makes this thread the sender. Under the lock.</summary>
    private bool CommitAndClaim()
    {
        Commit();
        if (state != SendState.Idle || failure is not null) return false;
        state = SendState.Sending;
        return true;
    }

    /// <summary>What a flush returns: done, unless too much is still unsent. Under the lock.</summary>
    private ValueTask<FlushResult> Backpressure()
    {
        if (failure is not null) return ValueTask.FromException<FlushResult>(new IOException("The connection was closed while a reply was being sent.", failure));
        if (unsent <= pauseBytes || state == SendState.Idle) return new(new FlushResult(isCanceled: false, isCompleted: false));
        flushWait ??= new TaskCompletionSource<FlushResult>();
        return new(flushWait.Task);
    }

    /// <summary>
    /// Sends flushed bytes until none are left or the kernel takes no more (then the loop is asked to report
    /// the socket writable). The caller set <see cref="SendState.Sending"/>; this leaves another state behind.
    /// </summary>
    // Runs once per flush (per request at pipeline depth 1): the 1 KB vector buffer is written before it is read,
    // so it is not zeroed first.
    [SkipLocalsInit]
    private void SendWhatIsFlushed(bool byWriter)
    {
        var vectors = stackalloc LinuxSockets.IoVector[MaxVectors];
        while (true)
        {
            int count = 0;
            lock (sync)
            {
                if (failure is not null)
                {
                    state = SendState.Idle;
                    ReleaseAll();
                    return;
                }
                count = GatherUnsent(vectors, MaxVectors, out _, out _);
                if (count == 0)
                {
                    state = SendState.Idle;
                    ReleaseSentBlocks();
                    // All sent: the last block goes back to the pool too, so an idle connection holds no buffer (as a
                    // drained Pipe). The writer may at once; anyone else only while the writer is not writing.
                    if (tail is not null && head == tail && tail.Start == tail.Written)
                    {
                        if (byWriter) ReleaseLastBlock();
                        else TryReleaseIdleBlock();
                    }
                }
            }
            if (count == 0)
            {
                SettleIfDone();
                return;
            }

            long sent;
            try
            {
                sent = connection.SendVectors(vectors, count);
            }
            catch (IOException e)
            {
                Fail(e);
                throw;
            }
            if (sent == 0)
            {
                lock (sync)
                {
                    // Closed meanwhile: nobody will report the socket writable again.
                    if (failure is not null)
                    {
                        state = SendState.Idle;
                        ReleaseAll();
                        return;
                    }
                    state = SendState.WaitingForWritable;
                }
                connection.RequestWritable();
                return;
            }
            Consumed(sent);
        }
    }

    /// <summary>
    /// Points up to <paramref name="max"/> vectors at the flushed, unsent bytes, in order; <paramref name="bytes"/> is
    /// their total and <paramref name="more"/> tells whether more were left out. Under the lock.
    /// </summary>
    private int GatherUnsent(LinuxSockets.IoVector* vectors, int max, out long bytes, out bool more)
    {
        int count = 0;
        bytes = 0;
        more = false;
        for (var chunk = head; chunk is not null; chunk = chunk.Next)
        {
            int length = chunk.Committed - chunk.Start;
            if (length == 0) continue;
            if (count == max)
            {
                more = true;
                break;
            }
            vectors[count++] = new LinuxSockets.IoVector { Base = chunk.Address + chunk.Start, Length = (nuint)length };
            bytes += length;
        }
        return count;
    }

    /// <summary>Drops <paramref name="sent"/> bytes from the front; wakes a waiting flush once few enough are left.</summary>
    private void Consumed(long sent)
    {
        TaskCompletionSource<FlushResult>? wake;
        lock (sync) wake = DropSent(sent);
        wake?.TrySetResult(new FlushResult(isCanceled: false, isCompleted: false));
    }

    /// <summary>Drops <paramref name="sent"/> bytes from the front; returns the flush to wake, if any. Under the lock.</summary>
    private TaskCompletionSource<FlushResult>? DropSent(long sent)
    {
        unsent -= sent;
        for (var chunk = head; chunk is not null && sent > 0; chunk = chunk.Next)
        {
            int take = (int)Math.Min(sent, chunk.Committed - chunk.Start);
            chunk.Start += take;
            sent -= take;
        }
        ReleaseSentBlocks();
        if (flushWait is null || unsent > resumeBytes) return null;
        var wake = flushWait;
        flushWait = null;
        return wake;
    }

    private void Fail(IOException e)
    {
        TaskCompletionSource<FlushResult>? wait;
        lock (sync)
        {
            failure ??= e;
            state = SendState.Idle;
            wait = flushWait;
            flushWait = null;
        }
        wait?.TrySetException(new IOException("The connection was closed while a reply was being sent.", e));
        connection.SendFailed();
        drained.TrySetResult();
    }

    private void SettleIfDone()
    {
        lock (sync)
        {
            if (!completed || state != SendState.Idle || (unsent != 0 && failure is null)) return;
            ReleaseAll();
        }
        drained.TrySetResult();
    }

    /// <summary>A block for at least <paramref name="need"/> more bytes at the end. Writer only.</summary>
    private void Append(int need)
    {
        var owner = pool.Rent(need);
        lock (sync)
        {
            var chunk = spare ?? new Chunk();
            spare = null;
            chunk.Attach(owner);
            if (tail is null) head = tail = chunk;
            else
            {
                tail.Next = chunk;
                tail = chunk;
            }
            flushFrom ??= chunk;
        }
    }

    /// <summary>
    /// Gives back blocks at the front that were written, flushed and sent in full. Never the last block: the
    /// writer may still be writing into it. Under the lock.
    /// </summary>
    private void ReleaseSentBlocks()
    {
        while (head is not null && head != tail && head.Start == head.Written)
        {
            var done = head;
            head = head.Next;
            if (flushFrom == done) flushFrom = head;
            done.Release();
        }
    }

    /// <summary>Gives the last (fully sent) block back to the pool. Under the lock.</summary>
    private void ReleaseLastBlock()
    {
        tail!.Release();
        spare = tail;
        head = tail = flushFrom = null;
    }

    /// <summary>
    /// The loop's half of a handshake with <see cref="StartWriting"/> (Dekker's: each side stores its flag, then
    /// reads the other's, with a full fence between), so either the loop sees the writer at work and keeps the
    /// block, or the writer waits until the block is gone and then takes a new one. Under the lock.
    /// </summary>
    private void TryReleaseIdleBlock()
    {
        Volatile.Write(ref releasing, 1);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref writerActive) == 0) ReleaseLastBlock();
        Volatile.Write(ref releasing, 0);
    }

    /// <summary>Under the lock.</summary>
    private void ReleaseAll()
    {
        for (var chunk = head; chunk is not null; chunk = chunk.Next) chunk.Release();
        head = tail = flushFrom = null;
    }

    /// <summary>A pooled block: [Start, Committed) is flushed and unsent, [Committed, Written) written since the last flush.</summary>
    private sealed class Chunk
    {
        private IMemoryOwner<byte>? owner;
        /// <summary>Only a block off the pinned heap (a reply larger than a block) needs pinning for sendmsg.</summary>
        private MemoryHandle pin;

        public Memory<byte> Memory { get; private set; }
        public byte* Address { get; private set; }
        public int Start;
        public int Committed;
        public int Written;
        public Chunk? Next;

        public void Attach(IMemoryOwner<byte> block)
        {
            owner = block;
            Memory = block.Memory;
            Start = Committed = Written = 0;
            Next = null;
            if (BlockMemoryPool.IsPinned(block)) Address = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Memory.Span));
            else
            {
                pin = Memory.Pin();
                Address = (byte*)pin.Pointer;
            }
        }

        public void Release()
        {
            pin.Dispose();
            pin = default;
            owner?.Dispose();
            owner = null;
            Memory = default;
            Address = null;
        }
    }
}
