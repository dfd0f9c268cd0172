using Duel.Grains.Runtime;
using Duel.Silo.Tests.Grains;

namespace Duel.Silo.Tests;

public sealed class RollbackTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task A_turn_that_throws_after_registering_effects_leaves_no_trace()
    {
        var cluster = fixture.Cluster;
        var received = new List<GrainEvent>();
        using var _ = cluster.Events(1).Subscribe("thrower/", e => { lock (received) { received.Add(e); } return Task.CompletedTask; });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Grains(0).GetGrain<IThrowerGrain>("t-fail").EffectsThen(fail: true));
        Assert.Equal("thrower failed on purpose", error.Message);
        // The same turn without the throw shows every check below can see the effects.
        var job = await cluster.Grains(0).GetGrain<IThrowerGrain>("t-ok").EffectsThen(fail: false);
        await Db.EventuallyAsync(() => Task.FromResult(received.Count > 0), "the successful turn's event");

        Assert.Equal(0L, await Count("select count(*) from grain_state where grain_key = 't-fail'"));
        Assert.Equal(0L, await Count("select count(*) from grain_events where stream = 'thrower/t-fail'"));
        Assert.Equal(0L, await Count("select count(*) from jobs where grain_key = 't-fail'"));
        Assert.Equal(0L, await Count("select count(*) from reminders where grain_key = 't-fail'"));
        Assert.Equal(0L, await Count("select count(*) from test_facts where key = 't-fail'"));

        Assert.Equal(1L, await Count("select version from grain_state where grain_key = 't-ok'"));
        Assert.Equal(1L, await Count("select count(*) from grain_events where stream = 'thrower/t-ok'"));
        Assert.Equal(1L, await Count($"select count(*) from jobs where grain_key = 't-ok' and id = '{job}' and payload->>'time_limit_ms' = '1000'"));
        Assert.Equal(1L, await Count("select count(*) from reminders where grain_key = 't-ok'"));
        Assert.Equal(1L, await Count("select count(*) from test_facts where key = 't-ok'"));
        lock (received)
        {
            Assert.Equal(["thrower/t-ok"], received.Select(e => e.Stream));
        }
    }

    [Fact]
    public async Task An_after_commit_action_runs_once_after_commit_and_never_for_a_failed_turn()
    {
        var grains = fixture.Cluster.Grains(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => grains.GetGrain<IThrowerGrain>("ac-fail").EffectsThen(fail: true));
        await grains.GetGrain<IThrowerGrain>("ac-ok").EffectsThen(fail: false);

        // Counted synchronously before the call returns, so no waiting is needed.
        Assert.Equal(0, TestSignals.Read("after-commit:ac-fail"));
        Assert.Equal(1, TestSignals.Read("after-commit:ac-ok"));
        Assert.Equal(1L, await Count("select version from grain_state where grain_key = 'ac-ok'"));

        await grains.GetGrain<IThrowerGrain>("ac-ok").EffectsThen(fail: false);
        Assert.Equal(2, TestSignals.Read("after-commit:ac-ok"));
    }

    [Fact]
    public async Task An_inner_grain_that_throws_rolls_back_the_outer_grains_change()
    {
        var cluster = fixture.Cluster;
        var outer = cluster.Grains(0).GetGrain<IOuterGrain>("o-1");
        await outer.IncrementThenCallInner("i-1", innerFails: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => outer.IncrementThenCallInner("i-1", innerFails: true));
        Assert.Equal("inner failed on purpose", error.Message);

        Assert.Equal(1, await cluster.Grains(2).GetGrain<IOuterGrain>("o-1").Get());
        Assert.Equal(1, await cluster.Grains(2).GetGrain<IInnerGrain>("i-1").Get());
        Assert.Equal(1L, await Count("select version from grain_state where grain_type = 'outer' and grain_key = 'o-1'"));
    }

    private Task<long> Count(string sql) => Db.ScalarAsync<long>(fixture.Cluster.DataSource, sql);
}
