namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Puts aggregate elements in a canonical order, for replies whose order Redis does not define.</summary>
public static class RespAggregate
{
    public static bool IsAggregate(byte[] reply) => reply.Length > 0 && reply[0] is (byte)'*' or (byte)'~' or (byte)'>';

    /// <summary>
    /// The reply with the elements of every (nested) array sorted bytewise, so KEYS and SCAN replies
    /// that hold the same keys compare equal. Maps are left alone: sorting would split their pairs.
    /// </summary>
    public static byte[] WithSortedElements(byte[] reply)
    {
        if (!IsAggregate(reply))
            return reply;
        int headerLength = reply.AsSpan().IndexOf("\r\n"u8) + 2;
        var elements = new List<byte[]>();
        for (int position = headerLength; position < reply.Length;)
        {
            int length = RespFraming.MeasureReply(reply.AsSpan(position));
            elements.Add(WithSortedElements(reply[position..(position + length)]));
            position += length;
        }
        elements.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return [.. reply[..headerLength], .. elements.SelectMany(element => element)];
    }
}
