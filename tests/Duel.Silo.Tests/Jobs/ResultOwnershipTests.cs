using System.Collections.Immutable;
using System.Net;
using Duel.Hosting;
using Duel.Silo.Jobs;
using Member = Orleans.Runtime.ClusterMember;

namespace Duel.Silo.Tests.Jobs;

/// <summary>Every finished job has exactly one active silo that claims it on its NOTIFY.</summary>
public sealed class ResultOwnershipTests
{
    private static readonly SiloAddress[] Silos = [.. Enumerable.Range(0, 4).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1))];

    [Fact]
    public void Each_job_has_one_owner_among_the_active_silos()
    {
        // Silo 3 is dead: it owns nothing, and the three others split the jobs between them.
        var membership = new Membership(Silos.Select((s, i) => new Member(s, i == 3 ? SiloStatus.Dead : SiloStatus.Active, $"s{i}")));
        var views = Silos.Select(s => new ResultOwnership(membership, new LocalSilo(s))).ToArray();
        var jobs = Enumerable.Range(0, 3000).Select(i => $"sub-{Guid.NewGuid():N}").ToList();

        var owners = jobs.Select(job => views.Select((v, i) => (Owns: v.Owns(job), Silo: i)).Where(o => o.Owns).Select(o => o.Silo).ToList()).ToList();

        Assert.All(owners, o => Assert.Single(o));
        var counts = owners.GroupBy(o => o[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1, 2], counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 800, 1200));
    }

    [Fact]
    public void The_owner_follows_membership_and_a_lone_silo_owns_everything()
    {
        var membership = new Membership([new Member(Silos[0], SiloStatus.Active, "s0"), new Member(Silos[1], SiloStatus.Active, "s1")]);
        var first = new ResultOwnership(membership, new LocalSilo(Silos[0]));
        var jobs = Enumerable.Range(0, 200).Select(i => $"job-{i}").ToList();
        Assert.Contains(jobs, j => !first.Owns(j));

        membership.Update([new Member(Silos[0], SiloStatus.Active, "s0"), new Member(Silos[1], SiloStatus.Dead, "s1")]);
        Assert.All(jobs, j => Assert.True(first.Owns(j)));
    }

    [Fact]
    public void The_hash_is_the_same_in_every_process()
    {
        // FNV-1a 32-bit test vectors: a process-randomised hash would give other values.
        Assert.Equal(0x811c9dc5u, OwnerHash.Of(""));
        Assert.Equal(0xe40c292cu, OwnerHash.Of("a"));
        Assert.Equal(0xbf9cf968u, OwnerHash.Of("foobar"));
    }

    private sealed class Membership(IEnumerable<Member> members) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } = Snapshot(members, 1);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public void Update(IEnumerable<Member> next) => CurrentSnapshot = Snapshot(next, CurrentSnapshot.Version.Value + 1);

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);

        private static ClusterMembershipSnapshot Snapshot(IEnumerable<Member> members, long version) =>
            new(members.ToImmutableDictionary(m => m.SiloAddress), new MembershipVersion(version));
    }

    private sealed class LocalSilo(SiloAddress address) : ILocalSiloDetails
    {
        public string Name => address.ToString();
        public string ClusterId => "test";
        public string DnsHostName => "localhost";
        public SiloAddress SiloAddress => address;
        public SiloAddress GatewayAddress => address;
    }
}
