using NextCacheKv.Server.Tests.Infrastructure;
using static NextCacheKv.Server.Tests.Infrastructure.DiffStep;

namespace NextCacheKv.Server.Tests;

/// <summary>SELECT accepts only Redis's strict integers within the 16 databases.</summary>
public sealed class SelectTests
{
    [Fact]
    public async Task Out_of_range_and_non_integer_indexes_match_redis()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("SELECT", "16"),
            Command("SELECT", "-1"),
            Command("SELECT", "99999999999999999999"),
            Command("SELECT", "abc"),
            Command("SELECT", "1.5"),
            Command("SELECT", ""),
            Command("SELECT", " 1"),
            Command("SELECT", "+1"),
            Command("SELECT", "01"),
            Command("SELECT", "15"),
            Command("SET", "k", "in15"),
            Command("SELECT", "0"),
            Command("GET", "k"),
            Command("SELECT", "15"),
            Command("GET", "k"));
    }

    /// <summary>Redis parses the index as a 32-bit int first, so a larger integer gets its own range error.</summary>
    [Fact]
    public async Task Index_beyond_32_bits_gets_redis_range_error()
    {
        await using var diff = await DifferentialHarness.StartAsync();

        await diff.RunAsync(
            Command("SELECT", "2147483648"),
            Command("SELECT", "-2147483649"),
            Command("SELECT", "2147483647"));
    }
}
