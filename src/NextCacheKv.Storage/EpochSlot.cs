using FASTER.core;

namespace NextCacheKv.Storage;

/// <summary>
/// Keeps the calling thread's entry in FASTER's epoch table reserved while it lives. Every store operation
/// protects the epoch and releases it; when the thread's last protection is released, FASTER frees the
/// entry, and the next operation searches the table for one again (<c>LightEpoch.ReserveEntry</c>, 1–2 % of a
/// pipelined GET). An event loop that runs store operations all day holds one of these. It protects an
/// epoch instance nobody else uses, so it holds back no store's reclamation. Create and dispose on one thread.
/// </summary>
public sealed class EpochSlot : IDisposable
{
    private readonly LightEpoch holder = new();

    public EpochSlot() => holder.Resume();

    public void Dispose()
    {
        holder.Suspend();
        holder.Dispose();
    }
}
