using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static NextCacheKv.Server.Transport.LinuxSockets;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// A client socket served by an <see cref="EpollLoop"/>, seen by the server as a duplex pipe. Input:
/// each readable event is one recv into the input pipe, whose flush runs the connection's commands
/// inline. Output: a <see cref="SocketWriter"/> sends with sendmsg in the flush itself; only when the
/// kernel's buffer is full does the rest wait for the loop to report the socket writable.
/// </summary>
internal sealed class EpollConnection : IDuplexPipe, IBreakableTransport
{
    private const int MaxReadPerEvent = 256 * 1024;
    /// <summary>
    /// The buffer asked for once a read filled the one it had: more is waiting, most likely the rest of a large value,
    /// and one call for it costs less than one per 16 KB block (a 50 KB SET took four reads; Redis reads such a value
    /// in one). Larger than the pool's blocks, it comes from the shared array pool.
    /// </summary>
    private const int LargeReadBytes = 64 * 1024;

    private readonly Socket socket;
    private readonly EpollLoop loop;
    private readonly Pipe input;
    private readonly SocketWriter output;
    private readonly Lock interestLock = new();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource broken = new();
    private bool readPaused;
    private bool inputEnded;
    private bool sendBlocked;
    private bool registered;
    /// <summary>What the last <see cref="OnEvents"/> read, in one piece, until <see cref="Deliver"/> hands it on.</summary>
    private Memory<byte> lastRead;

    public EpollConnection(Socket socket, EpollLoop loop, PipeOptions receiveOptions, PipeOptions sendOptions)
    {
        this.socket = socket;
        this.loop = loop;
        socket.Blocking = false;
        Fd = (int)socket.SafeHandle.DangerousGetHandle();
        Id = EpollLoop.NextId();
        input = new Pipe(receiveOptions);
        output = new SocketWriter(this, sendOptions.Pool, sendOptions.PauseWriterThreshold, sendOptions.ResumeWriterThreshold);
    }

    public long Id { get; }
    /// <summary>The last <see cref="BatchNap"/> window that counted this connection as served.</summary>
    public int NapWindow;
    public int Fd { get; }
    public PipeReader Input => input.Reader;
    public PipeWriter Output => output;
    public CancellationToken Broken => broken.Token;

    /// <summary>The server side's cache warming, when it offers one (see <see cref="WarmBucket"/>).</summary>
    public IInputWarmer? Warmer { get; set; }

    /// <summary>What the loop should wake us for now: input unless paused or ended, output while a send waits.</summary>
    public uint Interest => (readPaused || inputEnded ? 0 : EpollIn) | (sendBlocked ? EpollOut : 0);

    public void Start()
    {
        lock (interestLock)
        {
            registered = true;
            loop.Add(this);
        }
    }

    /// <summary>
    /// On the loop thread. True when input was read: the loop then calls <see cref="Deliver"/>, after warming the
    /// cache for every connection of its group that read (<see cref="WarmBucket"/>, <see cref="WarmRecord"/>).
    /// </summary>
    public bool OnEvents(uint events)
    {
        if ((events & (EpollOut | EpollErr | EpollHup)) != 0 && sendBlocked) SetWritable();
        return (events & (EpollIn | EpollErr | EpollHup | EpollRdHup)) != 0 && !readPaused && !inputEnded && Receive();
    }

    /// <summary>First warming step for what was just read (0: nothing to warm).</summary>
    public long WarmBucket() => lastRead.IsEmpty || Warmer is not { } warmer ? 0 : warmer.WarmBucket(lastRead.Span);

    /// <summary>Second warming step, with what <see cref="WarmBucket"/> returned.</summary>
    public void WarmRecord(long token)
    {
        if (token != 0) Warmer?.WarmRecord(token);
    }

    /// <summary>Reads what the socket has; true when something was read and waits for <see cref="Deliver"/>.</summary>
    private unsafe bool Receive()
    {
        var writer = input.Writer;
        // A request larger than a buffer (a 50 KB SET) is read whole before the connection parses it: one
        // wake-up and one parse instead of one per 16 KB. Bounded, so one client cannot hold the loop.
        int total = 0;
        int wanted = 1;
        lastRead = default;
        while (true)
        {
            var memory = writer.GetMemory(wanted);
            nint received;
            fixed (byte* buffer = memory.Span)
                received = LinuxSockets.Receive(Fd, buffer, (nuint)memory.Length, 0);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is EAgain or EIntr)
                {
                    if (total == 0) return false;
                    break;
                }
                // A reset is the client leaving, as much as a clean close is.
                EndInput();
                return false;
            }
            if (received == 0)
            {
                // What came before the close runs first; the close is reported again on the next wait.
                if (total > 0) break;
                EndInput();
                return false;
            }
            writer.Advance((int)received);
            // Only input read in one piece is offered for warming (a lone request, or the start of a batch).
            lastRead = total == 0 ? memory[..(int)received] : default;
            total += (int)received;
            if (received < memory.Length || total >= MaxReadPerEvent) break;
            wanted = LargeReadBytes;
        }
        return true;
    }

    /// <summary>Runs the connection's commands on this thread (the reader's scheduler is inline) over what was read.</summary>
    public void Deliver()
    {
        lastRead = default;
        var flush = input.Writer.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            if (flush.Result.IsCompleted) EndInput();
            return;
        }
        // The connection has not read what it has: stop reading until it has.
        ChangeInterest(ref readPaused, true);
        _ = ResumeAfterAsync(flush);
    }

    private async Task ResumeAfterAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            var result = await flush.ConfigureAwait(false);
            if (result.IsCompleted)
            {
                ChangeInterest(ref inputEnded, true);
                return;
            }
        }
        catch (Exception)
        {
            ChangeInterest(ref inputEnded, true);
            return;
        }
        ChangeInterest(ref readPaused, false);
    }

    private void EndInput()
    {
        if (inputEnded) return;
        ChangeInterest(ref inputEnded, true);
        input.Writer.Complete();
    }

    /// <summary>
    /// Sets a flag the interest depends on and tells the loop, under one lock so two threads cannot
    /// reorder their updates. With nothing to wait for, the socket leaves the epoll set: a hung-up
    /// socket is reported whatever the interest, and level-triggered it would wake the loop forever.
    /// </summary>
    private void ChangeInterest(ref bool flag, bool value)
    {
        lock (interestLock)
        {
            flag = value;
            // Once closed, the descriptor may already belong to another connection.
            if (closed.Task.IsCompleted) return;
            uint interest = Interest;
            if (interest == 0)
            {
                if (registered) loop.Unwatch(this);
                registered = false;
            }
            else
            {
                loop.Watch(this, interest, add: !registered);
                registered = true;
            }
        }
    }

    /// <summary>One sendmsg over <paramref name="vectors"/>: the bytes the kernel took, 0 when it takes nothing now.</summary>
    internal unsafe long SendVectors(IoVector* vectors, int count)
    {
        var message = new MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
        while (true)
        {
            // One buffer (almost every reply): send, which skips copying in a message header and its vector.
            nint sent = count == 1 ? Send(Fd, vectors[0].Base, vectors[0].Length, MsgNoSignal) : SendMessage(Fd, &message, MsgNoSignal);
            if (sent >= 0) return sent;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr) continue;
            if (errno == EAgain) return 0;
            throw new IOException($"send failed (errno {errno})");
        }
    }

    /// <summary>True when the loop takes over the send of a flush (see <see cref="EpollLoop.TryDeferSend"/>).</summary>
    internal bool TryDeferSend() => loop.TryDeferSend(this);

    /// <summary>The loop's send of a flush it took over.</summary>
    internal void SendDeferred() => output.SendClaimed();

    /// <summary>The kernel took no more: the loop reports when the socket is writable again (<see cref="SocketWriter.OnWritable"/>).</summary>
    internal void RequestWritable() => ChangeInterest(ref sendBlocked, true);

    /// <summary>
    /// A send failed: the connection's next flush throws; a command that streams without flushing learns it
    /// from the server's kill, which this triggers.
    /// </summary>
    internal void SendFailed() => broken.Cancel();

    private void SetWritable()
    {
        ChangeInterest(ref sendBlocked, false);
        output.OnWritable();
    }

    /// <summary>
    /// After the server is done with the connection: lets the writer finish sending what the last replies
    /// left (QUIT's +OK), for at most <paramref name="grace"/> when the client does not read, then closes.
    /// </summary>
    public async Task CloseAsync(TimeSpan grace)
    {
        await output.CompleteAsync().ConfigureAwait(false);
        await input.Reader.CompleteAsync().ConfigureAwait(false);
        if (!output.Drained.IsCompleted) await Task.WhenAny(output.Drained, Task.Delay(grace)).ConfigureAwait(false);
        loop.Close(this);
        await closed.Task.ConfigureAwait(false);
        await output.Drained.ConfigureAwait(false);
        // Only now: a send that outlived the grace may still cancel it on its way out.
        broken.Dispose();
    }

    /// <summary>On the loop thread, once the socket is out of the epoll set: nothing reads or waits on it any more.</summary>
    public void CloseOnLoop()
    {
        lock (interestLock)
        {
            if (closed.Task.IsCompleted) return;
            if (registered) loop.Unwatch(this);
            registered = false;
            closed.TrySetResult();
        }
        output.Abandon();
        if (!inputEnded)
        {
            inputEnded = true;
            input.Writer.Complete();
        }
        socket.Dispose();
    }
}
