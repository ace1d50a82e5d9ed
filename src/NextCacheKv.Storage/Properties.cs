using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NextCacheKv.Storage.Tests")]
[assembly: InternalsVisibleTo("NextCacheKv.Benchmarks")]
