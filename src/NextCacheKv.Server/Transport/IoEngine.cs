namespace NextCacheKv.Server.Transport;

/// <summary>How client sockets are served.</summary>
public enum IoEngine
{
    /// <summary>Our own level-triggered epoll loops (Linux x86-64): one recv per readable event, as Redis does.</summary>
    Epoll,

    /// <summary>.NET's socket engine through Pipelines.Sockets.Unofficial: portable, one extra recv per read.</summary>
    Sockets,
}
