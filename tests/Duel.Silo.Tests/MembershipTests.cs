namespace Duel.Silo.Tests;

public sealed class MembershipTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task Every_silo_writes_a_heartbeat_with_load_figures()
    {
        var cluster = fixture.Cluster;
        await Db.EventuallyAsync(async () => (await ClusterMembership.ListAsync(cluster.DataSource)).Count == 3, "three members");
        var members = await ClusterMembership.ListAsync(cluster.DataSource);
        Assert.Equal(cluster.Silos.Select(s => s.Id).Order(), members.Select(m => m.Id).Order());
        Assert.All(members, m =>
        {
            Assert.Equal("silo", m.Role);
            Assert.True(m.Load.TryGetProperty("active_turns", out _));
            Assert.InRange(DateTimeOffset.UtcNow - m.HeartbeatAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        });

        await cluster[2].StopAsync();
        Assert.DoesNotContain(await ClusterMembership.ListAsync(cluster.DataSource), m => m.Id == cluster[2].Id);
    }
}
