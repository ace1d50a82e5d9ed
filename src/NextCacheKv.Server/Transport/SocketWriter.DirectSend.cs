using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using NextCacheKv.Protocol;

namespace NextCacheKv.Server.Transport;

/// <summary>
/// Large values go to the kernel straight from where they lie (the store's log): copying a 50 KB value into a
/// block first was a fifth of the server's CPU in a 50 KB GET run, and the kernel copies it anyway.
/// </summary>
internal sealed unsafe partial class SocketWriter
{
    /// <summary>
    /// From this size a value is sent from its own memory. Below it, copying costs less than the extra sendmsg
    /// a direct send may add within a pipelined batch.
    /// </summary>
    public const int DirectSendMinimum = 16 * 1024;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>
    /// Writes <c>$len\r\nvalue\r\n</c>; one sendmsg takes everything written before it, the header, the value
    /// and the CRLF, and what the kernel does not take is copied into a block as usual, for the next flush.
    /// Writer only; <paramref name="value"/> must stay put during the call (the store's read callback holds its record).
    /// </summary>
    public void WriteBulkDirect(ReadOnlySpan<byte> value)
    {
        this.WriteBulkStringHeader(value.Length);
        WriteDirect(value, endsBulk: true);
    }

    /// <summary>Writes <paramref name="bytes"/> (and a CRLF when <paramref name="endsBulk"/>) as <see cref="WriteBulkDirect"/> does.</summary>
    public void WriteDirect(ReadOnlySpan<byte> bytes, bool endsBulk)
    {
        var crlf = endsBulk ? Crlf : default;
        long taken = SendAfterWhatIsWritten(bytes, crlf);
        IBufferWriter<byte> rest = this;
        if (taken < bytes.Length) rest.Write(bytes[(int)taken..]);
        int crlfTaken = (int)Math.Max(0, taken - bytes.Length);
        if (crlfTaken < crlf.Length) rest.Write(crlf[crlfTaken..]);
    }

    /// <summary>
    /// Flushes what was written and sends it with <paramref name="bytes"/> and <paramref name="suffix"/> in one
    /// sendmsg. Returns how much of <paramref name="bytes"/> and <paramref name="suffix"/> the kernel took:
    /// 0 when someone else is sending, the kernel is full, or it took only part of what came before.
    /// </summary>
    // Once per large value: the vector buffer is written before it is read.
    [SkipLocalsInit]
    private long SendAfterWhatIsWritten(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> suffix)
    {
        var vectors = stackalloc LinuxSockets.IoVector[MaxVectors];
        int count;
        long before;
        lock (sync)
        {
            if (!CommitAndClaim()) return 0;
            // Two vectors stay free for the value and its suffix.
            count = GatherUnsent(vectors, MaxVectors - 2, out before, out bool more);
            if (more)
            {
                // A long queue (a slow reader): it stays for the next flush, which sends it in order.
                state = SendState.Idle;
                return 0;
            }
        }

        long sent;
        fixed (byte* bytesAddress = bytes)
        fixed (byte* suffixAddress = suffix)
        {
            vectors[count++] = new LinuxSockets.IoVector { Base = bytesAddress, Length = (nuint)bytes.Length };
            if (suffix.Length > 0) vectors[count++] = new LinuxSockets.IoVector { Base = suffixAddress, Length = (nuint)suffix.Length };
            try
            {
                sent = connection.SendVectors(vectors, count);
            }
            catch (IOException e)
            {
                // Never thrown into the store's read callback: the next flush reports it, and nothing more is sent,
                // so there is no point copying the rest.
                Fail(e);
                return bytes.Length + suffix.Length;
            }
        }
        TaskCompletionSource<FlushResult>? wake;
        lock (sync)
        {
            state = SendState.Idle;
            if (failure is not null)
            {
                // Closed meanwhile (Abandon leaves the blocks to the sender).
                ReleaseAll();
                return bytes.Length + suffix.Length;
            }
            wake = DropSent(Math.Min(sent, before));
        }
        wake?.TrySetResult(new FlushResult(isCanceled: false, isCompleted: false));
        return Math.Max(0, sent - before);
    }
}
