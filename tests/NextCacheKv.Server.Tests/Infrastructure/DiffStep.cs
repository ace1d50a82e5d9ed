namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Bytes sent identically to both servers, how many replies they produce and how to compare them.</summary>
public sealed record DiffStep(byte[] Payload, string Description, int ReplyCount = 1, ReplyComparison Comparison = ReplyComparison.Exact)
{
    /// <summary>A command as a client library would send it (multibulk).</summary>
    public static DiffStep Command(params string[] args) => new(RespCommand.Encode(args), RespCommand.Describe(args));

    /// <summary>Exact bytes, e.g. inline commands or pipelines, producing <paramref name="replyCount"/> replies.</summary>
    public static DiffStep Raw(string bytes, int replyCount = 1) =>
        new(RespText.Bytes(bytes), $"raw \"{RespText.Escape(RespText.Bytes(bytes))}\"", replyCount);

    public DiffStep TypeOnly() => this with { Comparison = ReplyComparison.TypeOnly };

    public DiffStep Unordered() => this with { Comparison = ReplyComparison.Unordered };

    public DiffStep RemainingTime() => this with { Comparison = ReplyComparison.RemainingTime };

    public DiffStep Ignore() => this with { Comparison = ReplyComparison.Ignore };

    public override string ToString() => Description;
}
