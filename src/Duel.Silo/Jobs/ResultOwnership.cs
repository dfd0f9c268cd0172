using Duel.Hosting;

namespace Duel.Silo.Jobs;

/// <summary>
/// Which silo applies a finished job when its NOTIFY arrives: the job id hashed over the active silos
/// of the Orleans membership, so one silo claims each job instead of every silo racing for it (at a
/// human pace, the losers' claims were the most frequent statement; docs/performance.md). Silos may
/// briefly disagree while membership changes: then two claim (one wins the lease) or none does, and
/// the sweep takes the job a moment later. Nothing depends on the owner being right.
/// </summary>
internal sealed class ResultOwnership(IClusterMembershipService membership, ILocalSiloDetails local)
{
    private (MembershipVersion Version, SiloAddress[] Active) _view = (MembershipVersion.MinValue, []);

    public bool Owns(string jobId) => OwnerHash.Owns(jobId, Active(), local.SiloAddress);

    private SiloAddress[] Active()
    {
        var snapshot = membership.CurrentSnapshot;
        var view = _view;
        if (view.Version == snapshot.Version)
        {
            return view.Active;
        }
        var active = snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
        _view = (snapshot.Version, active);
        return active;
    }
}
