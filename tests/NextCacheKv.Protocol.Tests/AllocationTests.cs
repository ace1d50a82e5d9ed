using System.Buffers;

namespace NextCacheKv.Protocol.Tests;

/// <summary>The per-request path must not allocate once buffers have warmed up.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Parsing_and_replying_in_steady_state_allocates_nothing()
    {
        (string wire, ParsedRequest[] expected) = RequestSamples.Pipeline();
        byte[] data = Sequences.Bytes(wire);
        ReadOnlySequence<byte>[] buffers =
        [
            new ReadOnlySequence<byte>(data),
            Sequences.Chunked(data, 7),
            Sequences.Chunked(data, 1),
        ];
        var request = new RespRequest();
        var limits = new ProtocolLimits();
        var writer = new ArrayBufferWriter<byte>(64 * 1024);

        int warmUp = RunAll(buffers, request, limits, writer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int parsed = 0;
        for (int i = 0; i < 200; i++)
        {
            parsed += RunAll(buffers, request, limits, writer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected.Length * buffers.Length, warmUp);
        Assert.Equal(warmUp * 200, parsed);
        Assert.Equal(0, allocated);
    }

    private static int RunAll(ReadOnlySequence<byte>[] buffers, RespRequest request, ProtocolLimits limits, ArrayBufferWriter<byte> writer)
    {
        int parsed = 0;
        foreach (ReadOnlySequence<byte> original in buffers)
        {
            ReadOnlySequence<byte> buffer = original;
            while (RespReader.TryParse(ref buffer, request, limits, out _) == RespParseStatus.Complete)
            {
                parsed++;
                writer.ResetWrittenCount();
                Reply(writer, request);
            }
        }

        return parsed;
    }

    private static void Reply(ArrayBufferWriter<byte> writer, RespRequest request)
    {
        _ = request.ArgEqualsIgnoreCase(0, "GET"u8);
        _ = request.TryGetInt64(request.Count - 1, out _);
        _ = request.TryGetDouble(request.Count - 1, out _);
        writer.WriteArrayHeader(request.Count);
        for (int i = 0; i < request.Count; i++)
        {
            writer.WriteBulkString(request[i]);
        }

        writer.WriteSimpleString("OK"u8);
        writer.WriteSimpleString("OK");
        writer.WriteError("ERR no such key");
        writer.WriteInteger(-12345);
        writer.WriteNullBulk(2);
        writer.WriteMapHeader(2, 3);
        writer.WriteDouble(0.1, 2);
        writer.WriteDouble(1e300, 3);
        writer.WriteBoolean(true, 3);
        writer.WriteVerbatimString("text"u8, 3);
        writer.WriteRaw(RespLiterals.Ok);
        Span<byte> human = stackalloc byte[RespDouble.MaxHumanFriendlyLength];
        RespDouble.TryFormatHumanFriendly(10.5, human, out _);
    }
}
