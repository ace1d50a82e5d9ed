using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using NextCacheKv.Protocol;
using NextCacheKv.Storage;

namespace NextCacheKv.Server;

/// <summary>Everything a handler needs: the request, the reply writer, the store session, the client.</summary>
public sealed partial class CommandContext
{
    private readonly BulkReplySink bulkSink;

    private readonly DiscardingPipeWriter discard = new();

    internal CommandContext(CacheServer server, ClientState client, RespRequest request, PipeWriter output, StoreSession store)
    {
        Server = server;
        Client = client;
        Request = request;
        Output = output;
        Writer = output;
        Store = store;
        bulkSink = new BulkReplySink(this);
        entrySink = new EntryReplySink(this);
    }

    private readonly EntryReplySink entrySink;
    private byte[] scratch = new byte[256];

    /// <summary>A per-connection buffer for encoding request parts; valid until the next command.</summary>
    internal Span<byte> Scratch(int size)
    {
        if (scratch.Length < size) scratch = new byte[Math.Max(size, scratch.Length * 2)];
        return scratch.AsSpan(0, size);
    }

    /// <summary>Sink that writes a NEXTGET hit as its reply array.</summary>
    internal IEntrySink EntrySink
    {
        get
        {
            entrySink.Reset();
            return entrySink;
        }
    }

    public CacheServer Server { get; }
    public ClientState Client { get; }

    /// <summary>This connection's slot in the statistics counters (see <see cref="StripedCounter"/>).</summary>
    public int Stripe => (int)Client.Id;
    public RespRequest Request { get; }
    /// <summary>Where this command's reply goes: the connection, or nowhere under CLIENT REPLY OFF/SKIP.</summary>
    public PipeWriter Writer { get; private set; }

    /// <summary>The connection's real output, whatever CLIENT REPLY says (CLIENT REPLY ON answers through it).</summary>
    public PipeWriter Output { get; }

    internal void SuppressReply(bool suppress) => Writer = suppress ? discard : Output;
    public StoreSession Store { get; }
    public CommandSpec? Command { get; internal set; }

    public int Db => Client.Db;
    public int Protocol => Client.Protocol;
    public int Count => Request.Count;
    public ReadOnlySpan<byte> Arg(int index) => Request[index];
    public string ArgString(int index) => Encoding.UTF8.GetString(Request[index]);
    public bool ArgIs(int index, ReadOnlySpan<byte> upperLiteral) => Request.ArgEqualsIgnoreCase(index, upperLiteral);

    /// <summary>Sink that writes a value as a bulk reply; <see cref="BulkWritten"/> tells whether it did.</summary>
    internal IValueSink BulkSink
    {
        get
        {
            bulkSink.Reset();
            return bulkSink;
        }
    }

    internal bool BulkWritten => bulkSink.Wrote;

    /// <summary>Close the connection once this batch's replies are flushed (QUIT, protocol errors).</summary>
    public bool CloseAfterReply { get; set; }

    public void Ok() => Writer.Write(RespLiterals.Ok);
    public void Error(string message)
    {
        Server.Stats.ErrorReplies.Increment();
        Writer.WriteError(message);
    }
    public void Error(ReadOnlySpan<byte> message)
    {
        Server.Stats.ErrorReplies.Increment();
        Writer.WriteError(message);
    }

    public void Integer(long value) => Writer.WriteInteger(value);
    public void Bulk(ReadOnlySpan<byte> value) => Writer.WriteBulkString(value);
    public void Bulk(string value) => Writer.WriteBulkString(Encoding.UTF8.GetBytes(value));
    public void NullBulk() => Writer.WriteNullBulk(Protocol);
    public void NullArray() => Writer.WriteNullArray(Protocol);
    public void ArrayHeader(int count) => Writer.WriteArrayHeader(count);
    public void ArrayHeader(long count) => Writer.WriteArrayHeader(count);
    public void MapHeader(int pairs) => Writer.WriteMapHeader(pairs, Protocol);
    public void SimpleString(string text) => Writer.WriteSimpleString(text);

    /// <summary>
    /// A write changed <paramref name="key"/>: its watchers' transactions fail, and a keyspace event of
    /// <paramref name="type"/> named <paramref name="eventName"/> is published if enabled.
    /// </summary>
    public void Notify(NotifyClasses type, string eventName, ReadOnlySpan<byte> key) => Notify(type, eventName, key, Db);

    /// <summary>As <see cref="Notify(NotifyClasses, string, ReadOnlySpan{byte})"/> for a key of another database (MOVE, COPY … DB).</summary>
    public void Notify(NotifyClasses type, string eventName, ReadOnlySpan<byte> key, int db) => Server.KeyChanged(db, type, eventName, key, this);

    /// <summary>Maps a store status that is an error to its Redis reply; returns false for non-errors.</summary>
    public bool TryReplyStoreError(OpStatus status)
    {
        string? message = status switch
        {
            OpStatus.WrongType => Errors.WrongType,
            OpStatus.NotInteger => Errors.NotInteger,
            OpStatus.NotFloat => Errors.NotFloat,
            OpStatus.Overflow => Errors.Overflow,
            OpStatus.NanOrInfinity => Errors.NanOrInfinity,
            OpStatus.TooLarge => Errors.StringTooLong,
            _ => null,
        };
        if (message is null) return false;
        Error(message);
        return true;
    }

    /// <summary>
    /// Replies to a store result now, or, when the store went to disk, once it completes. The reply
    /// delegate is static (no allocation); <paramref name="state"/> carries what it needs besides the result.
    /// </summary>
    public ValueTask Reply(StoreResult result, Action<CommandContext, StoreResult, long> reply, long state = 0)
    {
        if (!result.IsPending)
        {
            reply(this, result, state);
            return default;
        }
        return ReplyWhenCompleted(reply, state);
    }

    private async ValueTask ReplyWhenCompleted(Action<CommandContext, StoreResult, long> reply, long state)
        => reply(this, await Store.CompletePendingAsync().ConfigureAwait(false), state);

    /// <summary>Runs a store call, awaiting the disk only when the store says it must.</summary>
    public ValueTask<StoreResult> Complete(StoreResult result)
        => result.IsPending ? Store.CompletePendingAsync() : new ValueTask<StoreResult>(result);
}
