namespace NextCacheKv.Protocol.Tests;

/// <summary>Representative request streams and the requests they must produce.</summary>
internal static class RequestSamples
{
    public const string BinaryValue = "a\r\n\0b\r\n\0";

    public static readonly (string Wire, ParsedRequest[] Expected)[] All =
    [
        (
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$" + BinaryValue.Length + "\r\n" + BinaryValue + "\r\n",
            [Multibulk("SET", "key", BinaryValue)]
        ),
        (
            "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n",
            [Multibulk("GET", "key")]
        ),
        (
            "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n",
            [Multibulk("SET", "", "")]
        ),
        (
            "PING\r\n",
            [Inline("PING")]
        ),
        (
            "SET \"hello world\" 'it\\'s' \"\\x41\\x42\\n\\t\\\"\" \"\" pre\"fix\"\r\n",
            [Inline("SET", "hello world", "it's", "AB\n\t\"", "", "prefix")]
        ),
        (
            "*1\r\n$4\r\nPING\r\n"
            + "ECHO plain\n"
            + "*0\r\n"
            + "\r\n"
            + "*-1\r\n"
            + "   \t \r\n"
            + "*2\r\n$4\r\nECHO\r\n$5\r\nhe\"l'\r\n"
            + "  GET   k  \r\n"
            + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
            [
                Multibulk("PING"),
                Inline("ECHO", "plain"),
                Multibulk("ECHO", "he\"l'"),
                Inline("GET", "k"),
                Multibulk("GET", "k"),
            ]
        ),
    ];

    public static IEnumerable<object[]> Indexes() => Enumerable.Range(0, All.Length).Select(i => new object[] { i });

    public static IEnumerable<object[]> SingleRequestIndexes() =>
        Enumerable.Range(0, All.Length).Where(i => All[i].Expected.Length == 1).Select(i => new object[] { i });

    /// <summary>All samples back to back, as one pipelined stream.</summary>
    public static (string Wire, ParsedRequest[] Expected) Pipeline() =>
        (string.Concat(All.Select(s => s.Wire)), All.SelectMany(s => s.Expected).ToArray());

    public static ParsedRequest Multibulk(params string[] arguments) => new(arguments, IsInline: false);

    public static ParsedRequest Inline(params string[] arguments) => new(arguments, IsInline: true);
}
