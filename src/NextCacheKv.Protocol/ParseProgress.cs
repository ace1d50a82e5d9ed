using System.Buffers;

namespace NextCacheKv.Protocol;

/// <summary>Where the parser stands inside a request that has only partly arrived.</summary>
internal enum ParsePhase : byte
{
    None,
    MultibulkCount,
    BulkHeader,
    BulkData,
    Inline,
}

/// <summary>
/// Resumable state of a partly received request, kept in the <see cref="RespRequest"/> between calls.
/// Like Redis's multibulklen/bulklen it lets a request that arrives over many reads be parsed in linear time
/// instead of re-parsing everything from the request start after every read.
/// </summary>
internal struct ParseProgress
{
    public ParsePhase Phase;

    /// <summary>First byte of the request; a later buffer continues this request only if it starts here.</summary>
    public SequencePosition RequestStart;

    /// <summary>Position of the first unprocessed byte (<see cref="Consumed"/> bytes after the start).</summary>
    public SequencePosition ResumePosition;

    /// <summary>Bytes from the request start that are fully processed.</summary>
    public long Consumed;

    /// <summary>Bytes after <see cref="ResumePosition"/> already searched for a line terminator without success.</summary>
    public long Scanned;

    /// <summary>
    /// A NUL byte precedes any terminator of the current line. Redis searches lines with strchr, which stops at
    /// NUL, so such a line never completes and only the size limits can end it.
    /// </summary>
    public bool TerminatorBlocked;

    /// <summary>Multibulk elements still to read.</summary>
    public int RemainingArguments;

    /// <summary>Declared length of the bulk whose payload is awaited.</summary>
    public long BulkLength;

    public void Begin(ParsePhase phase, SequencePosition start)
    {
        this = default;
        Phase = phase;
        RequestStart = start;
        ResumePosition = start;
    }

    /// <summary>A line was consumed: the next line search starts fresh.</summary>
    public void LineConsumed(long lineBytes)
    {
        Consumed += lineBytes;
        Scanned = 0;
        TerminatorBlocked = false;
    }

    /// <summary>True when <paramref name="buffer"/> is the (possibly longer) buffer this progress was recorded on.</summary>
    public readonly bool Continues(in ReadOnlySequence<byte> buffer) =>
        Phase != ParsePhase.None
        && buffer.Start.Equals(RequestStart)
        && buffer.Length >= Consumed + Scanned;
}
