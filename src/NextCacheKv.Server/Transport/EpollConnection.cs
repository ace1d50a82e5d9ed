using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static NextCacheKv.Server.Transport.LinuxSockets;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// A client socket served by an <see cref="EpollLoop"/>, seen by the server as a duplex pipe. Input:
/// each readable event is one recv into the input pipe, whose flush runs the connection's commands
/// inline. Output: a send loop drains the output pipe with sendmsg, inline in the flush that filled it;
/// only when the kernel's buffer is full does it wait for the loop to report the socket writable.
/// </summary>
internal sealed class EpollConnection : IDuplexPipe, IBreakableTransport
{
    private const int MaxVectors = 64;
    private const int MaxReadPerEvent = 256 * 1024;

    private readonly Socket socket;
    private readonly EpollLoop loop;
    private readonly Pipe input;
    private readonly Pipe output;
    private readonly Lock interestLock = new();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource broken = new();
    private TaskCompletionSource<bool>? writable;
    private Task sending = Task.CompletedTask;
    private bool readPaused;
    private bool inputEnded;
    private bool sendBlocked;
    private bool registered;
    private readonly MemoryHandle[] pins = new MemoryHandle[MaxVectors];
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
        output = new Pipe(sendOptions);
    }

    public long Id { get; }
    public int Fd { get; }
    public PipeReader Input => input.Reader;
    public PipeWriter Output => output.Writer;
    public CancellationToken Broken => broken.Token;

    /// <summary>The server side's cache warming, when it offers one (see <see cref="WarmBucket"/>).</summary>
    public IInputWarmer? Warmer { get; set; }

    /// <summary>What the loop should wake us for now: input unless paused or ended, output while a send waits.</summary>
    public uint Interest => (readPaused || inputEnded ? 0 : EpollIn) | (sendBlocked ? EpollOut : 0);

    public void Start()
    {
        sending = SendLoopAsync();
        lock (interestLock)
        {
            registered = true;
            loop.Add(this);
        }
    }

    /// <summary>
    /// On the loop thread. True when input was read: the loop then calls <see cref="Deliver"/>, after warming the
    /// cache for every connection that read (<see cref="WarmBucket"/>, <see cref="WarmRecord"/>).
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
        lastRead = default;
        while (true)
        {
            var memory = writer.GetMemory(1);
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

    private async Task SendLoopAsync()
    {
        var reader = output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (!buffer.IsEmpty)
                    {
                        long sent = SendSome(buffer);
                        if (sent > 0)
                        {
                            buffer = buffer.Slice(sent);
                            continue;
                        }
                        if (!await WaitWritableAsync().ConfigureAwait(false)) throw new IOException("The connection was closed while a reply was being sent.");
                    }
                }
                finally
                {
                    // Also after a failed send: a reader completed mid-read would not wake the writer waiting on it.
                    reader.AdvanceTo(buffer.Start);
                }
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        // With an error, the connection's next flush throws it and its loop ends; a command that streams
        // without flushing learns it from the server's kill.
        await reader.CompleteAsync(error).ConfigureAwait(false);
        if (error is not null) broken.Cancel();
    }

    /// <summary>Sends as much of <paramref name="buffer"/> as the kernel takes in one sendmsg; 0 when it takes nothing now.</summary>
    private unsafe long SendSome(in ReadOnlySequence<byte> buffer)
    {
        var vectors = stackalloc IoVector[MaxVectors];
        if (buffer.IsSingleSegment)
        {
            fixed (byte* bytes = buffer.FirstSpan)
            {
                vectors[0] = new IoVector { Base = bytes, Length = (nuint)buffer.FirstSpan.Length };
                return SendVectors(vectors, 1);
            }
        }
        // Several segments (a large reply): one call for all of them, each pinned meanwhile.
        int count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (segment.IsEmpty) continue;
                pins[count] = segment.Pin();
                vectors[count] = new IoVector { Base = (byte*)pins[count].Pointer, Length = (nuint)segment.Length };
                if (++count == MaxVectors) break;
            }
            return SendVectors(vectors, count);
        }
        finally
        {
            for (int i = 0; i < count; i++) pins[i].Dispose();
        }
    }

    private unsafe long SendVectors(IoVector* vectors, int count)
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

    /// <summary>Waits for the loop to report the socket writable; false when the connection closes first.</summary>
    private Task<bool> WaitWritableAsync()
    {
        var wait = new TaskCompletionSource<bool>();
        lock (interestLock)
        {
            if (closed.Task.IsCompleted) return Task.FromResult(false);
            writable = wait;
        }
        ChangeInterest(ref sendBlocked, true);
        return wait.Task;
    }

    private void SetWritable()
    {
        TaskCompletionSource<bool>? wait;
        lock (interestLock)
        {
            wait = writable;
            writable = null;
        }
        ChangeInterest(ref sendBlocked, false);
        wait?.TrySetResult(true);
    }

    /// <summary>
    /// After the server is done with the connection: lets the send loop finish what the last replies
    /// left (QUIT's +OK), for at most <paramref name="grace"/> when the client does not read, then closes.
    /// </summary>
    public async Task CloseAsync(TimeSpan grace)
    {
        await output.Writer.CompleteAsync().ConfigureAwait(false);
        await input.Reader.CompleteAsync().ConfigureAwait(false);
        if (!sending.IsCompleted) await Task.WhenAny(sending, Task.Delay(grace)).ConfigureAwait(false);
        loop.Close(this);
        await closed.Task.ConfigureAwait(false);
        await sending.ConfigureAwait(false);
        // Only now: a send loop that outlived the grace may still cancel it on its way out.
        broken.Dispose();
    }

    /// <summary>On the loop thread, once the socket is out of the epoll set: nothing reads or waits on it any more.</summary>
    public void CloseOnLoop()
    {
        TaskCompletionSource<bool>? wait;
        lock (interestLock)
        {
            if (closed.Task.IsCompleted) return;
            if (registered) loop.Unwatch(this);
            registered = false;
            closed.TrySetResult();
            wait = writable;
            writable = null;
        }
        wait?.TrySetResult(false);
        if (!inputEnded)
        {
            inputEnded = true;
            input.Writer.Complete();
        }
        socket.Dispose();
    }
}
