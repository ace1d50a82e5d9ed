namespace NextCacheKv.Protocol;

/// <summary>Outcome of <see cref="RespReader.TryParse"/>.</summary>
public enum RespParseStatus
{
    /// <summary>No complete request is buffered yet; read more data and call again with the same buffer start.</summary>
    Incomplete,

    /// <summary>One request was parsed into the <see cref="RespRequest"/> and the buffer was sliced past it.</summary>
    Complete,

    /// <summary>The client broke the protocol; reply with the error text and close the connection.</summary>
    Error,
}
