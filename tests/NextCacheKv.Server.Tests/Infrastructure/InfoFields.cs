namespace NextCacheKv.Server.Tests.Infrastructure;

/// <summary>Reads numbers out of INFO, and waits on them, for tests that watch the server's state.</summary>
public static class InfoFields
{
    /// <summary>The integer value of <paramref name="field"/> (e.g. <c>connected_clients</c>) in INFO <paramref name="section"/>.</summary>
    public static async Task<long> ReadAsync(RawRespClient client, string section, string field)
    {
        string info = (string)RespDecoder.Decode(await client.CommandAsync("INFO", section))!;
        foreach (string line in info.Split("\r\n"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal)) return long.Parse(line[(field.Length + 1)..]);
        throw new InvalidOperationException($"INFO {section} has no field {field}: {info}");
    }

    /// <summary>Waits (at most 20 s) until the server counts no more than <paramref name="clients"/> connections; fails with <paramref name="failure"/> otherwise.</summary>
    public static async Task WaitForConnectedClientsAsync(RawRespClient client, int clients, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await ReadAsync(client, "clients", "connected_clients") > clients)
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
