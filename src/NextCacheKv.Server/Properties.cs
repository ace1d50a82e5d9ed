using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NextCacheKv.Server.Tests")]
