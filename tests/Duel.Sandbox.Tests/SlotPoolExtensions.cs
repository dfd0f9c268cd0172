using Duel.Sandbox.Worker.Sandbox;

namespace Duel.Sandbox.Tests;

internal static class SlotPoolExtensions
{
    /// <summary>
    /// Waits until every slot is free: on the zygote path a verdict comes back while its slot
    /// still reaps the job process and forks the next one.
    /// </summary>
    public static async Task QuiesceAsync(this SlotPool pool)
    {
        var leases = new List<SlotPool.Lease>();
        for (var i = 0; i < pool.Size; i++)
        {
            leases.Add(await pool.RentAsync(CancellationToken.None));
        }
        leases.ForEach(l => l.Dispose());
    }
}
