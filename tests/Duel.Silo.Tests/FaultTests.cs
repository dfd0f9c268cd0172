using Duel.Silo.Tests.Grains;
using Npgsql;

namespace Duel.Silo.Tests;

public sealed class FaultTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    [Fact]
    public async Task Killing_the_connection_mid_turn_leaves_the_grain_unchanged_and_another_silo_carries_on()
    {
        var cluster = fixture.Cluster;
        Assert.Equal(1, await cluster.Grains(0).GetGrain<ICounterGrain>("victim").Increment());

        var call = cluster.Grains(0).GetGrain<ICounterGrain>("victim").IncrementAndWait("kill");
        await TestSignals.WaitAsync("kill:inside");
        var killed = await Db.ScalarAsync<long>(cluster.DataSource, """
            select count(pg_terminate_backend(pid)) from pg_stat_activity
            where application_name = $1 and datname = current_database() and state like 'idle in transaction%'
            """, cluster[0].Id);
        Assert.Equal(1, killed);
        TestSignals.Set("kill:go");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => call);
        Assert.Equal(1, await cluster.Grains(1).GetGrain<ICounterGrain>("victim").Get());
        Assert.Equal(1L, await Db.ScalarAsync<long>(cluster.DataSource,
            "select version from grain_state where grain_type = 'counter' and grain_key = 'victim'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(cluster.DataSource,
            "select count(*) from grain_events where stream = 'counter/victim' and seq > 1"));

        Assert.Equal(2, await cluster.Grains(1).GetGrain<ICounterGrain>("victim").Increment());
        Assert.Equal(3, await cluster.Grains(0).GetGrain<ICounterGrain>("victim").Increment());
    }

    [Fact]
    public async Task A_provoked_deadlock_is_retried_and_both_turns_succeed()
    {
        var cluster = fixture.Cluster;
        var retriesBefore = cluster.Silos.Sum(s => s.Counters.Retries);
        // Each turn locks its own grain, waits for the other to do the same, then wants the other's row.
        await Task.WhenAll(
            cluster.Grains(0).GetGrain<IPairGrain>("left").TouchThenBump("right", "deadlock"),
            cluster.Grains(1).GetGrain<IPairGrain>("right").TouchThenBump("left", "deadlock"))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, await cluster.Grains(2).GetGrain<IPairGrain>("left").Get());
        Assert.Equal(2, await cluster.Grains(2).GetGrain<IPairGrain>("right").Get());
        Assert.Equal(3, TestSignals.Read("deadlock:attempts"));
        // The rolled-back attempt's after-commit action was discarded: one run per committed turn.
        Assert.Equal(2, TestSignals.Read("deadlock:after-commit"));
        // The retried turn drew the same ids and clock as its first attempt.
        var retried = new[] { "left", "right" }.Select(k => TestSignals.ReadLog($"deadlock:{k}")).Single(log => log.Length == 2);
        Assert.Equal(retried[0], retried[1]);
        Assert.Equal(retriesBefore + 1, cluster.Silos.Sum(s => s.Counters.Retries));
    }
}
