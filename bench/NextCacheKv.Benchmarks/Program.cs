if (args.Length > 0 && args[0] == "--interleaved")
{
    NextCacheKv.Benchmarks.InterleavedRatio.Run(args.Length > 1 ? int.Parse(args[1]) : 100, args.Length > 2 ? int.Parse(args[2]) : null);
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
