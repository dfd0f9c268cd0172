using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Duel.Sandbox.Worker.Sandbox;

/// <summary>
/// Hands out the <see cref="SandboxOptions.Concurrency"/> slots; a run waits for a free one.
/// First in, first out: the slot free the longest has had the most time to pre-warm its sandbox.
/// </summary>
internal sealed class SlotPool : IDisposable
{
    private readonly SemaphoreSlim _free;
    private readonly ConcurrentQueue<SandboxSlot> _slots = new();
    private readonly List<SandboxSlot> _all = [];

    public SlotPool(IOptions<SandboxOptions> options)
    {
        var o = options.Value;
        Privileged = Native.geteuid() == 0;
        for (var i = 0; i < o.Concurrency; i++)
        {
            var slot = SandboxSlot.Acquire(o, Privileged);
            _all.Add(slot);
            _slots.Enqueue(slot);
        }
        _free = new SemaphoreSlim(o.Concurrency, o.Concurrency);
    }

    /// <summary>Running as root: runs drop to the slot uid and join its cgroups.</summary>
    public bool Privileged { get; }

    public int Size => _all.Count;

    /// <summary>Host uids of this pool's slots.</summary>
    public IEnumerable<long> Uids => _all.SelectMany(s => s.Uids);

    /// <summary>
    /// Pids of the sandboxes waiting for a job: pre-warmed ones (bwrap, the session leader) and
    /// zygotes (bwrap too; the zygote itself runs as root, never as a slot uid).
    /// </summary>
    public IEnumerable<int> SparePids => _all.Select(s => s.Spare?.Child.Pid ?? s.Zygote?.Child.Pid ?? 0).Where(p => p != 0);

    /// <summary>The zygotes' bwrap pids (for tests that look at them).</summary>
    public IEnumerable<int> ZygotePids => _all.Select(s => s.Zygote?.Child.Pid ?? 0).Where(p => p != 0);

    public bool CgroupsActive => _all.All(s => s.HasCgroups);

    public async Task<Lease> RentAsync(CancellationToken ct)
    {
        await _free.WaitAsync(ct);
        _slots.TryDequeue(out var slot);
        return new Lease(this, slot!);
    }

    public void Dispose()
    {
        foreach (var slot in _all)
        {
            slot.Dispose();
        }
    }

    /// <summary>A rented slot; disposing returns it.</summary>
    public sealed class Lease(SlotPool pool, SandboxSlot slot) : IDisposable
    {
        public SandboxSlot Slot { get; } = slot;

        public void Dispose()
        {
            pool._slots.Enqueue(Slot);
            pool._free.Release();
        }
    }
}
