using System.Diagnostics;

namespace NextCacheKv.Benchmarks;

/// <summary>
/// NEXTGET against GET in one process, alternating short rounds of each, so drift in the machine's load
/// (a shared 2-core box) hits both alike: prints the median time per batch of each and the median of the
/// per-round ratios. Run: dotnet run -c Release -- --interleaved [rounds] [value length].
/// </summary>
internal static class InterleavedRatio
{
    public static void Run(int rounds, int? onlyLength = null)
    {
        foreach (int length in onlyLength is int only ? new[] { only } : new[] { 100, 50 * 1024 })
        {
            var bench = new NextCommandBenchmarks { ValueLength = length };
            bench.Setup();
            try
            {
                int batchesPerRound = length < 1024 ? 200 : 20;
                var get = new List<double>();
                var nextGet = new List<double>();
                var ratios = new List<double>();
                for (int round = -20; round < rounds; round++)
                {
                    // Alternate which goes first, so neither always runs right after the other's cache footprint.
                    bool getFirst = (round & 1) == 0;
                    double first = Time(getFirst ? bench.Get100 : bench.NextGet100With5Tags, batchesPerRound);
                    double second = Time(getFirst ? bench.NextGet100With5Tags : bench.Get100, batchesPerRound);
                    if (round < 0) continue;
                    double g = getFirst ? first : second, n = getFirst ? second : first;
                    get.Add(g);
                    nextGet.Add(n);
                    ratios.Add(n / g);
                }
                Console.WriteLine($"{length,6} B: GET {Median(get),8:F1} us  NEXTGET {Median(nextGet),8:F1} us  per 100; median ratio {Median(ratios):F3} (p25 {Percentile(ratios, 0.25):F3}, p75 {Percentile(ratios, 0.75):F3})");
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    private static double Time(Func<int> batch, int count)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++) batch();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }
}
