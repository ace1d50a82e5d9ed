using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>A copied-out request, comparable by value in assertions.</summary>
internal sealed record ParsedRequest(string[] Arguments, bool IsInline)
{
    public static ParsedRequest From(RespRequest request)
    {
        var arguments = new string[request.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Sequences.Text(request[i]);
        }

        return new ParsedRequest(arguments, request.IsInline);
    }

    public bool Equals(ParsedRequest? other) =>
        other is not null && IsInline == other.IsInline && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => Arguments.Length;

    public override string ToString() =>
        (IsInline ? "inline " : "multibulk ") + string.Join(" | ", Arguments.Select(a => a.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0")));
}

/// <summary>Everything one parse loop produced: the requests, how it stopped, and what was left unconsumed.</summary>
internal sealed record ParseOutcome(List<ParsedRequest> Requests, RespParseStatus FinalStatus, string? Error, long Remaining)
{
    /// <summary>Calls TryParse until it stops returning Complete, like a connection loop does.</summary>
    public static ParseOutcome Run(ReadOnlySequence<byte> buffer, ProtocolLimits? limits = null, RespRequest? request = null)
    {
        limits ??= new ProtocolLimits();
        request ??= new RespRequest();
        var requests = new List<ParsedRequest>();
        while (true)
        {
            RespParseStatus status = RespReader.TryParse(ref buffer, request, limits, out string? error);
            if (status != RespParseStatus.Complete)
            {
                return new ParseOutcome(requests, status, error, buffer.Length);
            }

            requests.Add(ParsedRequest.From(request));
        }
    }

    public static ParseOutcome Run(string latin1, ProtocolLimits? limits = null) =>
        Run(new ReadOnlySequence<byte>(Sequences.Bytes(latin1)), limits);
}
