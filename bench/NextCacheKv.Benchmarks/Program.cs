if (args.Length > 0 && args[0] == "--interleaved")
{
    NextCacheKv.Benchmarks.InterleavedRatio.Run(args.Length > 1 ? int.Parse(args[1]) : 100, args.Length > 2 ? int.Parse(args[2]) : null);
    return;
}
if (args.Length > 0 && args[0] == "--checkpoint-stress")
{
    NextCacheKv.Benchmarks.CheckpointStress.Run(args.Length > 1 ? int.Parse(args[1]) : 60, args.Length > 2 ? long.Parse(args[2]) : 256);
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
