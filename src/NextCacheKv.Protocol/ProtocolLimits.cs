namespace NextCacheKv.Protocol;

/// <summary>
/// Size limits applied while parsing client requests. Defaults mirror Redis 7; the server may lower them
/// (tests do) or raise them from configuration. One instance can be shared by all connections.
/// </summary>
public sealed class ProtocolLimits
{
    private long _maxBulkLength = 512L * 1024 * 1024;
    private int _maxArguments = 1024 * 1024;
    private int _maxInlineLength = 64 * 1024;
    private long _queryBufferLimit = 1024L * 1024 * 1024;

    /// <summary>Largest accepted bulk argument in bytes (Redis <c>proto-max-bulk-len</c>).</summary>
    public long MaxBulkLength
    {
        get => _maxBulkLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxBulkLength = value;
        }
    }

    /// <summary>Largest accepted argument count of one request, multibulk or inline.</summary>
    public int MaxArguments
    {
        get => _maxArguments;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxArguments = value;
        }
    }

    /// <summary>
    /// Largest inline request line, and largest unterminated multibulk header line, in bytes
    /// (Redis <c>PROTO_INLINE_MAX_SIZE</c>, which Redis uses for both). Unlike Redis, a complete inline line
    /// longer than this is rejected too, so the outcome does not depend on how the network chunked it.
    /// </summary>
    public int MaxInlineLength
    {
        get => _maxInlineLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxInlineLength = value;
        }
    }

    /// <summary>
    /// Largest size of a single request, declared or buffered (Redis <c>client-query-buffer-limit</c>).
    /// Values above <see cref="Array.MaxLength"/> behave like <see cref="Array.MaxLength"/> because a request
    /// split over several buffer segments is gathered into one array.
    /// </summary>
    public long QueryBufferLimit
    {
        get => _queryBufferLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _queryBufferLimit = value;
        }
    }

    /// <summary>The request size limit actually enforced.</summary>
    internal long EffectiveQueryBufferLimit => Math.Min(_queryBufferLimit, Array.MaxLength);
}
