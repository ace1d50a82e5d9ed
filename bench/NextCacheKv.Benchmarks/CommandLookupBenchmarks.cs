using System.Text;
using BenchmarkDotNet.Attributes;
using NextCacheKv.Server;

namespace NextCacheKv.Benchmarks;

/// <summary>CommandTable.Find on raw request bytes, as the connection does for every request.</summary>
[MemoryDiagnoser]
public class CommandLookupBenchmarks
{
    private CommandTable table = null!;
    private byte[] name = [];

    /// <summary>Common names in both cases, a long name, a short and a long unknown one.</summary>
    public static IEnumerable<string> Names =>
    [
        "GET", "get", "SET", "set", "INCR", "incr", "INCRBYFLOAT", "NOPE",
        "THIS-IS-NOT-A-COMMAND-BUT-A-LONG-NAME-THAT-A-FUZZER-MIGHT-SEND-XYZ",
    ];

    [ParamsSource(nameof(Names))]
    public string Name { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        table = CommandTable.Create();
        name = Encoding.ASCII.GetBytes(Name);
    }

    [Benchmark]
    public CommandSpec? Find() => table.Find(name);
}
