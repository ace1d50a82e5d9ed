using System.Text;
using NextCacheKv.Server;
using Xunit;

namespace NextCacheKv.Server.Tests;

/// <summary>The command table's byte lookup: any ASCII case finds a command, nothing else does.</summary>
public sealed class CommandLookupTests
{
    private static readonly CommandTable Table = CommandTable.Create();

    [Fact]
    public void Every_command_is_found_in_lower_upper_and_mixed_case()
    {
        foreach (var spec in Table.All)
        {
            Assert.Same(spec, Table.Find(Encoding.ASCII.GetBytes(spec.Name.ToLowerInvariant())));
            Assert.Same(spec, Table.Find(Encoding.ASCII.GetBytes(spec.Name.ToUpperInvariant())));
            var mixed = spec.Name.Select((ch, i) => i % 2 == 0 ? char.ToUpperInvariant(ch) : ch).ToArray();
            Assert.Same(spec, Table.Find(Encoding.ASCII.GetBytes(mixed)));
        }
    }

    /// <summary>
    /// Every byte value at every position of every name: only the letter itself, or its other case, may
    /// still find the command (the lookup lowercases eight bytes at a time, so a slip would match '\r' for
    /// '-', '@' for '`' or a byte above 0x7F for a letter).
    /// </summary>
    [Fact]
    public void A_name_with_any_other_byte_is_not_found()
    {
        foreach (var spec in Table.All)
        {
            var name = Encoding.ASCII.GetBytes(spec.Name);
            for (int position = 0; position < name.Length; position++)
            {
                byte original = name[position];
                for (int value = 0; value < 256; value++)
                {
                    name[position] = (byte)value;
                    bool sameLetter = char.ToLowerInvariant((char)value) == (char)original && value < 128;
                    var found = Table.Find(name);
                    if (sameLetter) Assert.Same(spec, found);
                    else Assert.True(found is null || found.Name == Encoding.Latin1.GetString(name).ToLowerInvariant(),
                        $"'{spec.Name}' with byte {value} at {position} found '{found?.Name}'");
                }
                name[position] = original;
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ge")]
    [InlineData("gett")]
    [InlineData("get\0")]
    [InlineData("\0get")]
    [InlineData("zrevrangebyscorex")]
    [InlineData("zrevrangebyscorezrevrangebyscore")]
    public void Near_misses_are_not_commands(string name)
    {
        Assert.Null(Table.Find(Encoding.ASCII.GetBytes(name)));
    }
}
